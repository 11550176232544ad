import { env } from "../env";
import { isDatabaseUp } from "../db/health";
import { isCrossSiteWrite } from "../auth/origin";
import { buildCsp, createNonce } from "../auth/csp";
import { AppError, toErrorResponse } from "../errors";
import { answerBadUrl } from "./bad-url";
import { answerWrongMethod } from "./api-methods";

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable · Course Atlas</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="15">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2330}h1{font-size:1.5rem}</style></head>
<body><h1>Course Atlas is temporarily unavailable</h1><p>The service cannot reach its course database right now. Nothing is lost:
this page retries by itself every 15 seconds, and everything returns as soon as the database does.</p></body></html>`;

/** What the gate decided: an answer that refuses the request, or the CSP (and its nonce) to serve it with. */
export type GateResult = { refused: Response } | { refused: null; nonce: string; csp: string };

/**
 * The checks every page and API request passes before it is routed, for proxy.ts and for the
 * routes the launcher answers itself (lib/http/direct-route.ts), so both refuse alike:
 * - a bad URL (400/414) or a method an API route does not export (405 with `Allow`);
 * - a state-changing request another site made the browser send (403);
 * - 503 (an HTML page, or JSON under /api) while the database is unreachable;
 * otherwise a fresh nonce and the Content-Security-Policy that carries it.
 */
export async function passGate(request: Request, pathname: string): Promise<GateResult> {
  const badUrl = answerBadUrl(pathname) ?? answerWrongMethod(pathname, request.method);
  if (badUrl) return { refused: badUrl };
  const nonce = createNonce();
  const csp = buildCsp(nonce, env.NODE_ENV === "development");
  if (isCrossSiteWrite(request)) {
    const refused = toErrorResponse(
      new AppError("forbidden", "Cross-site request refused: send it from this site's own pages"),
      { "Content-Security-Policy": csp },
    );
    return { refused };
  }
  if (!(await isDatabaseUp(env.DATABASE_URL))) {
    const headers = { "Retry-After": "15", "Cache-Control": "no-store", "Content-Security-Policy": csp };
    if (pathname.startsWith("/api/"))
      return {
        refused: toErrorResponse(
          new AppError("database_unavailable", "The database is unavailable; try again shortly"),
          headers,
        ),
      };
    return {
      refused: new Response(PAGE, {
        status: 503,
        headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
      }),
    };
  }
  return { refused: null, nonce, csp };
}
