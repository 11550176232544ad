/**
 * How the site tells the launcher's response cache (scripts/serve.ts, lib/http/response-cache.ts)
 * that a response may be stored, and the ETag comparison both sides use. Kept free of
 * dependencies: proxy.ts and the routes import it.
 */

/**
 * Set on a response that may be stored (by proxy.ts on the cacheable pages, by withModelEtag on the
 * read API's 200 answers); the launcher removes it before the response leaves. A listed path whose
 * response lacks it is never stored.
 */
export const CACHEABLE_MARK = "x-atlas-cacheable";

/** Pages that are a function of the URL, the institution and the model version only. */
export const PAGE_PATHS = [
  /^\/$/,
  /^\/courses\/[^/]+$/,
  /^\/subjects$/,
  /^\/subjects\/[^/]+$/,
  /^\/map$/,
  /^\/search$/,
];

export function isCacheablePage(pathname: string): boolean {
  return PAGE_PATHS.some((p) => p.test(pathname));
}

// Set by the launcher in its own process, as client-address.ts's peer mark: under a plain
// `next start` there is no response cache and nothing is marked.
const CACHE_ON = Symbol.for("atlas.responseCache");

export function markResponseCacheOn(): void {
  (globalThis as Record<symbol, unknown>)[CACHE_ON] = true;
}

export function isResponseCacheOn(): boolean {
  return (globalThis as Record<symbol, unknown>)[CACHE_ON] === true;
}

/** Whether an If-None-Match header names `etag` (weak or strong, or `*`). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}
