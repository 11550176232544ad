import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { isDatabaseUp } from "./lib/db/health";
import { isCrossSiteWrite } from "./lib/auth/origin";
import { buildCsp, createNonce } from "./lib/auth/csp";
import { AppError, toErrorResponse } from "./lib/errors";
import { answerBadUrl } from "./lib/http/bad-url";
import { answerWrongMethod } from "./lib/http/api-methods";
import { CACHEABLE_MARK, isCacheablePage, isResponseCacheOn } from "./lib/http/cache-mark";

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable · Course Atlas</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="15">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2330}h1{font-size:1.5rem}</style></head>
<body><h1>Course Atlas is temporarily unavailable</h1><p>The service cannot reach its course database right now. Nothing is lost:
this page retries by itself every 15 seconds, and everything returns as soon as the database does.</p></body></html>`;

/**
 * Runs before every page and API request:
 * - answers a method that an API route does not export with a JSON 405 and `Allow`;
 * - refuses a state-changing request that another site made the browser send (403);
 * - answers 503 (an HTML page, or JSON under /api) while the database is unreachable, instead of
 *   letting every page fail on its own; recovers by itself when the database returns;
 * - gives each response a Content-Security-Policy with a fresh nonce, which Next reads from the
 *   request's copy of the header and puts on its own scripts (so every page renders dynamically);
 * - marks the pages the launcher's response cache may keep (docs/web-tier.md).
 */
export async function proxy(request: NextRequest) {
  const badUrl = answerBadUrl(request.nextUrl.pathname);
  if (badUrl) return badUrl;
  const wrongMethod = answerWrongMethod(request.nextUrl.pathname, request.method);
  if (wrongMethod) return wrongMethod;
  const nonce = createNonce();
  const csp = buildCsp(nonce, env.NODE_ENV === "development");
  const isApi = request.nextUrl.pathname.startsWith("/api/");
  if (isCrossSiteWrite(request)) {
    return toErrorResponse(
      new AppError("forbidden", "Cross-site request refused: send it from this site's own pages"),
      { "Content-Security-Policy": csp },
    );
  }
  if (!(await isDatabaseUp(env.DATABASE_URL))) {
    const headers = { "Retry-After": "15", "Cache-Control": "no-store", "Content-Security-Policy": csp };
    if (isApi)
      return toErrorResponse(
        new AppError("database_unavailable", "The database is unavailable; try again shortly"),
        headers,
      );
    return new NextResponse(PAGE, {
      status: 503,
      headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
    });
  }
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
