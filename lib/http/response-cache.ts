import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { gzipSync } from "node:zlib";
import { LRUCache } from "lru-cache";
import { CACHEABLE_MARK, isCacheablePage } from "./cache-mark";
import { deflateAroundHoles, gzipWithHoles, type GzipParts } from "./gzip-holes";

/**
 * The launcher's response cache (scripts/serve.ts, lib/http/response-cache-server.ts) keeps the
 * bytes of rendered pages and read-API answers per model version, so a repeated request costs a
 * map lookup instead of a render. This module holds what decides what is kept, and how a kept page
 * gets a fresh CSP nonce; it knows nothing of sockets.
 */

/** `hit` or `miss` on every candidate response, for operators and tests. */
export const CACHE_STATUS_HEADER = "x-cache";

/** The read API (GET, withModelEtag): a function of the URL (institution included) and the model version. */
const API_PATHS = [
  /^\/api\/courses$/,
  /^\/api\/courses\/[^/]+$/,
  /^\/api\/courses\/[^/]+\/similar$/,
  /^\/api\/subjects\/[^/]+\/related$/,
  /^\/api\/map$/,
];

// Client-side navigation asks for React Server Component payloads that vary with the router's
// state; those go to Next every time.
const RSC_HEADERS = [
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-action",
];
const MAX_URL_CHARS = 2048;

function readCookie(cookie: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(cookie);
  return m?.[1];
}

/**
 * The cache key of a request without the model version, or null when the request must go to Next:
 * not GET/HEAD, not a listed path, a staff session cookie (its pages are never listed, and a staff
 * user's request is never answered from what another user was sent), credentials, or an RSC fetch.
 * Pages are keyed by the `atlas_inst` cookie too (the current institution); the API takes
 * `?institution=`, which is in the URL.
 */
export function findCacheKey(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): string | null {
  if ((method !== "GET" && method !== "HEAD") || !url || url.length > MAX_URL_CHARS) return null;
  if (headers.authorization || RSC_HEADERS.some((h) => headers[h] !== undefined)) return null;
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  if (q >= 0 && /[?&]_rsc=/.test(url.slice(q))) return null;
  const cookie = headers.cookie ?? "";
  if (cookie.includes("atlas_staff=")) return null;
  if (API_PATHS.some((p) => p.test(pathname))) return `api\n${url}`;
  if (!isCacheablePage(pathname)) return null;
  const institution = readCookie(cookie, "atlas_inst") ?? "";
  if (institution.length > 64) return null;
  return `page\n${institution}\n${url}`;
}

export type CachedResponse = {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** The CSP nonce the page was rendered with, and where it occurs in the body. */
  nonce: string | null;
  nonceAt: number[];
  /** The gzip form, made once: whole for a body without a nonce, else the parts around the nonces. */
  gzip: Buffer | null;
  gzipParts: GzipParts | null;
};

// Headers that describe one transfer, not the answer; node sets them again for each response.
const PER_TRANSFER = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "date",
  CACHEABLE_MARK,
]);
const NONCE_IN_CSP = /'nonce-([A-Za-z0-9+/]{22}==)'/;
const FAILED_BOUNDARY = "<!--$!-->";
/** Smaller bodies are sent as they are (gzip's header and the work outweigh the saving). */
const GZIP_MIN_BYTES = 1024;

function findAll(body: Buffer, needle: string): number[] {
  const at: number[] = [];
  for (let i = body.indexOf(needle); i >= 0; i = body.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

/**
 * What may be kept of a finished response, or null: only a 200 that Next marked cacheable, that
 * sets no cookie, was sent uncompressed (the launcher asks Next for identity bytes) and holds no
 * failed Suspense boundary.
 */
export function toCachedResponse(
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
): CachedResponse | null {
  if (status !== 200 || headers[CACHEABLE_MARK] === undefined) return null;
  if (headers["set-cookie"] !== undefined || headers["content-encoding"] !== undefined) return null;
  // An error thrown inside a Suspense boundary after the 200 head left: React streams the boundary
  // as failed (this marker) for the browser to retry; such a page is an error, not an answer.
  if (body.includes(FAILED_BOUNDARY)) return null;
  const kept: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !PER_TRANSFER.has(k)) kept[k] = v;
  const csp = kept["content-security-policy"];
  const nonce = typeof csp === "string" ? (NONCE_IN_CSP.exec(csp)?.[1] ?? null) : null;
  const nonceAt = nonce ? findAll(body, nonce) : [];
  const compress = body.length >= GZIP_MIN_BYTES;
  const gzip = compress && nonceAt.length === 0 ? gzipSync(body) : null;
  const gzipParts =
    compress && nonce && nonceAt.length > 0 ? deflateAroundHoles(body, nonceAt, nonce.length) : null;
  return { status, headers: kept, body, nonce, nonceAt, gzip, gzipParts };
}

/**
 * The body and headers of a hit with `fresh` in place of the rendered nonce (same length: both are
 * 16 random bytes in base64), in the body and in the CSP header; gzipped when `gzip` (the client
 * accepts it) and the body is worth it. The rendered nonce was made for
 * this response by proxy.ts when it was rendered and sent to one client; no content can contain it
 * by design (it did not exist before the render), so every occurrence is the nonce.
 */
export function withFreshNonce(
  entry: CachedResponse,
  fresh: string,
  gzip: boolean,
): { headers: OutgoingHttpHeaders; body: Buffer } {
  const headers = { ...entry.headers };
  if (entry.gzip || entry.gzipParts) {
    const vary = headers.vary ? String(headers.vary) : "";
    if (!/accept-encoding/i.test(vary)) headers.vary = vary ? `${vary}, Accept-Encoding` : "Accept-Encoding";
  }
  // A JSON answer carries a CSP nonce in its header only.
  if (entry.nonce)
    headers["content-security-policy"] = String(headers["content-security-policy"]).replace(
      `'nonce-${entry.nonce}'`,
      `'nonce-${fresh}'`,
    );
  if (entry.nonceAt.length === 0) {
    if (gzip && entry.gzip) return { headers: { ...headers, "content-encoding": "gzip" }, body: entry.gzip };
    return { headers, body: entry.body };
  }
  const body = Buffer.from(entry.body);
  for (const at of entry.nonceAt) body.write(fresh, at, "latin1");
  if (gzip && entry.gzipParts) {
    const gz = gzipWithHoles(entry.gzipParts, Buffer.from(fresh, "latin1"), body);
    return { headers: { ...headers, "content-encoding": "gzip" }, body: gz };
  }
  return { headers, body };
}

export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  const ae = headers["accept-encoding"];
  return typeof ae === "string" && /\bgzip\b(?!;\s*q=0(\.0*)?\b)/.test(ae);
}

/** Kept answers, bounded by bytes, dropped as a whole when the model version changes. */
export class ResponseCache {
  private version: string | null = null;
  readonly entries: LRUCache<string, CachedResponse>;

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      // Headers are a few hundred bytes; an entry larger than an eighth of the cache is not kept.
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      sizeCalculation: (e) =>
        e.body.length +
        (e.gzip?.length ?? 0) +
        (e.gzipParts?.parts.reduce((n, p) => n + p.length, 0) ?? 0) +
        1024,
    });
  }

  get(version: string, key: string): CachedResponse | undefined {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
      return undefined;
    }
    return this.entries.get(key);
  }

  /** Keeps an answer computed under `version`; one that finished after a newer version is dropped. */
  set(version: string, key: string, entry: CachedResponse): void {
    if (version === this.version) this.entries.set(key, entry);
  }

  get bytes(): number {
    return this.entries.calculatedSize;
  }
}
