import { AppError, toErrorResponse } from "../errors";

/** Longer paths are refused before routing (Node itself refuses request heads over 16 KB with 431). */
export const MAX_PATH_CHARS = 2048;

export type UrlProblem = { status: 400 | 414; error: string };
const CODE_OF_STATUS = { 400: "invalid_request", 414: "uri_too_long" } as const;

/** What is wrong with a request path that no route could answer, or null when it is fine. */
export function findUrlProblem(pathname: string): UrlProblem | null {
  if (pathname.length > MAX_PATH_CHARS)
    return { status: 414, error: `The path is longer than ${MAX_PATH_CHARS} characters` };
  try {
    decodeURIComponent(pathname);
  } catch {
    // Next's router answers these with a plain-text 500 (its own 400 page fails to render).
    return { status: 400, error: "Malformed percent-encoding in the path" };
  }
  return null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** A 4xx for an unusable path: JSON under /api, a small HTML page elsewhere; null when the path is fine. */
export function answerBadUrl(pathname: string): Response | null {
  const problem = findUrlProblem(pathname);
  if (!problem) return null;
  if (pathname.startsWith("/api/"))
    return toErrorResponse(new AppError(CODE_OF_STATUS[problem.status], problem.error));
  const headers = { "Cache-Control": "no-store" };
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad address · Course Atlas</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>This address cannot be read</h1><p>${escapeHtml(problem.error)}. Check the link, or <a href="/">start from the home page</a>.</p></body></html>`;
  return new Response(page, {
    status: problem.status,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}
