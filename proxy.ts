import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { isDatabaseUp } from "./lib/db/health";
import { answerBadUrl } from "./lib/http/bad-url";

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable · Course Atlas</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="15">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2330}h1{font-size:1.5rem}</style></head>
<body><h1>Course Atlas is temporarily unavailable</h1><p>The service cannot reach its course database right now. Nothing is lost:
this page retries by itself every 15 seconds, and everything returns as soon as the database does.</p></body></html>`;

/**
 * Answers 503 (an HTML page, or JSON under /api) while the database is unreachable, instead of
 * letting every page fail on its own; recovers by itself when the database returns.
 */
export async function proxy(request: NextRequest) {
  const badUrl = answerBadUrl(request.nextUrl.pathname);
  if (badUrl) return badUrl;
  if (await isDatabaseUp(env.DATABASE_URL)) return NextResponse.next();
  const headers = { "Retry-After": "15", "Cache-Control": "no-store" };
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: "The database is unavailable; try again shortly" },
      { status: 503, headers },
    );
  }
  return new NextResponse(PAGE, {
    status: 503,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
