import { NextResponse, type NextRequest } from "next/server";
import { passGate } from "./lib/http/gate";
import { CACHEABLE_MARK, isCacheablePage, isResponseCacheOn } from "./lib/http/cache-mark";

/**
 * Runs before every page and API request:
 * - refuses what lib/http/gate.ts refuses (bad URLs, wrong methods with a JSON 405 and `Allow`,
 *   cross-site writes with 403, every request with 503 while the database is unreachable; it
 *   recovers by itself when the database returns);
 * - gives each response a Content-Security-Policy with a fresh nonce, which Next reads from the
 *   request's copy of the header and puts on its own scripts (so every page renders dynamically);
 * - marks the pages the launcher's response cache may keep (docs/web-tier.md).
 */
export async function proxy(request: NextRequest) {
  const gate = await passGate(request, request.nextUrl.pathname);
  if (gate.refused) return gate.refused;
  const { nonce, csp } = gate;
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", csp);
  // A page that is a function of its URL, the institution and the model version: the launcher may
  // keep the rendered bytes (a 200 only) and serve them again with a fresh nonce.
  if (isResponseCacheOn() && request.method === "GET" && isCacheablePage(request.nextUrl.pathname))
    res.headers.set(CACHEABLE_MARK, "1");
  return res;
}

// Static files (Next's build output, public/, the app's icon) are served without the proxy, so they
// still answer while the database is down; tests/unit/http/proxy-matcher.test.ts checks the list.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|icon.svg).*)"] };
