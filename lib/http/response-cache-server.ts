import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { createNonce } from "../auth/csp";
import {
  acceptsGzip,
  CACHE_STATUS_HEADER,
  findCacheKey,
  type CachedResponse,
  type ResponseCache,
  toCachedResponse,
  withFreshNonce,
} from "./response-cache";
import { CACHEABLE_MARK, etagMatches } from "./cache-mark";
import { readPublishedVersion } from "./version-reader";

/** Largest body collected from Next for storing; bigger answers pass through unkept. */
const MAX_COLLECT_BYTES = 4 * 1024 * 1024;

function sendHit(req: IncomingMessage, res: ServerResponse, entry: CachedResponse): void {
  const etag = entry.headers.etag;
  if (typeof etag === "string" && etagMatches(req.headers["if-none-match"], etag)) {
    res.writeHead(304, {
      etag,
      "cache-control": entry.headers["cache-control"] ?? "",
      [CACHE_STATUS_HEADER]: "hit",
    });
    res.end();
    return;
  }
  const { headers, body } = withFreshNonce(entry, createNonce(), acceptsGzip(req.headers));
  headers[CACHE_STATUS_HEADER] = "hit";
  headers["content-length"] = body.length;
  res.writeHead(entry.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * Watches what Next writes: removes the cacheable mark before the head leaves, and (when `keep`
 * is given) collects the body and hands over what may be stored once the response has finished.
 */
function watchResponse(res: ServerResponse, keep?: (entry: CachedResponse) => void): void {
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  let snapshot: OutgoingHttpHeaders | null = null;
  res.writeHead = (status: number, ...rest: unknown[]) => {
    const last = rest[rest.length - 1];
    if (last && typeof last === "object") {
      // writeHead(status, [message], headers): fold them in so the snapshot sees them all.
      const pairs = Array.isArray(last) ? pairsOf(last as string[]) : Object.entries(last);
      for (const [k, v] of pairs) if (v !== undefined) res.setHeader(k, v as string);
      rest = rest.slice(0, -1);
    }
    const marked = res.getHeader(CACHEABLE_MARK) !== undefined;
    if (keep && marked && status === 200) snapshot = { ...res.getHeaders() };
    res.removeHeader(CACHEABLE_MARK);
    return writeHead(status, ...rest);
  };
  if (!keep) return;
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = (chunk: unknown, encoding: unknown) => {
    if (!snapshot || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const b = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > MAX_COLLECT_BYTES) snapshot = null;
    // Copied: a writer may reuse its buffer once write() has returned.
    else chunks.push(Buffer.from(b));
  };
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  // Collected after the write: the first one sends the head, which decides whether to keep.
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    const ok = write(chunk, ...rest);
    collect(chunk, rest[0]);
    return ok;
  }) as ServerResponse["write"];
  res.end = ((chunk: unknown, ...rest: unknown[]) => {
    const r = end(chunk, ...rest);
    collect(chunk, rest[0]);
    return r;
  }) as ServerResponse["end"];
  // Only a response that finished is kept (not one the client abandoned halfway).
  res.on("finish", () => {
    if (!snapshot) return;
    const entry = toCachedResponse(res.statusCode, snapshot, Buffer.concat(chunks, size));
    if (entry) keep(entry);
  });
}

function pairsOf(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

/**
 * Answers a request from the cache, or hands it to Next (`next`) and keeps the answer when Next
 * marked it cacheable. Without a version (the site not loaded yet, the database unreachable) every
 * request goes to Next, which answers as it would without a cache.
 */
export async function serveThroughCache(
  req: IncomingMessage,
  res: ServerResponse,
  cache: ResponseCache,
  next: () => void,
): Promise<void> {
  const key = findCacheKey(req.method, req.url, req.headers);
  const reading = key ? readPublishedVersion() : null;
  let version: string | null = null;
  if (reading) version = await reading.catch(() => null);
  if (!key || version === null) {
    watchResponse(res);
    return next();
  }
  const hit = cache.get(version, key);
  if (hit) return sendHit(req, res, hit);
  res.setHeader(CACHE_STATUS_HEADER, "miss");
  // Identity bytes from Next, so the body can be stored and its nonce found.
  delete req.headers["accept-encoding"];
  const v = version;
  watchResponse(
    res,
    // A HEAD answer has no body to keep.
    req.method === "GET" ? (e) => cache.set(v, key, e) : undefined,
  );
  next();
}
