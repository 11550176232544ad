import { createHash } from "node:crypto";
import { getDb } from "../db/client";
import type { RouteHandler } from "../http";
import { currentModelVersion } from "../queries/cache";
import { CACHEABLE_MARK, etagMatches, isResponseCacheOn } from "./cache-mark";

/**
 * For answers that are a function of the model version and the URL: browsers revalidate every time
 * (a 304 costs one version check), shared caches (a reverse proxy, a CDN) may keep them 60 s and
 * serve a stale one for 10 minutes while they refetch in the background.
 */
export const SHARED_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=600";

/** The ETag of a URL's answer under a model version: the answer changes only when either does. */
export function etagOf(version: string, url: string): string {
  const u = new URL(url);
  const digest = createHash("sha256").update(`${version}\n${u.pathname}?${u.searchParams.toString()}`);
  return `"${digest.digest("base64url").slice(0, 27)}"`;
}

/**
 * Wraps a GET handler whose answer depends only on the URL and the model version: sends ETag and
 * Cache-Control, and answers 304 without running the handler when the client's copy is current.
 * Errors (thrown, for `route` to map) are not cacheable: they keep `no-store`.
 */
export function withModelEtag(
  handler: (req: Request) => Promise<Response>,
): (req: Request) => Promise<Response>;
export function withModelEtag<P>(handler: RouteHandler<P>): RouteHandler<P>;
export function withModelEtag<P>(handler: RouteHandler<P>): RouteHandler<P> {
  return async (req, ctx) => {
    const etag = etagOf(await currentModelVersion(getDb()), req.url);
    const headers = { ETag: etag, "Cache-Control": SHARED_CACHE_CONTROL };
    if (etagMatches(req.headers.get("if-none-match"), etag))
      return new Response(null, { status: 304, headers });
    const res = await handler(req, ctx);
    if (res.status === 200) {
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      // The answer is a function of the URL and the version: the launcher may keep its bytes.
      if (isResponseCacheOn()) res.headers.set(CACHEABLE_MARK, "1");
    }
    return res;
  };
}
