import { NextResponse } from "next/server";
import { ZodError, type z } from "zod";
import { NotFoundError } from "./queries/courses";
import { RecommendError } from "./queries/recommend";
import { RateLimitedError } from "./http/rate-limit";
import { ModelBusyError } from "./queries/recommend-pool";

export class BadRequestError extends Error {}

/** True for errors that mean the database is unreachable (file gone, server down, locked). */
export function isDatabaseDown(err: unknown): boolean {
  const text =
    err instanceof Error
      ? `${err.name} ${err.message} ${(err as { code?: string }).code ?? ""}`
      : String(err);
  return /SQLITE_CANTOPEN|SQLITE_BUSY|SQLITE_IOERR|ECONNREFUSED|ECONNRESET|ETIMEDOUT|P1001|P1017|no such table|Can't reach database|Connection terminated|DatabaseNotReachable|unable to open database/i.test(
    text,
  );
}

export function jsonError(status: number, error: string, details?: unknown): NextResponse {
  return NextResponse.json(details === undefined ? { error } : { error, details }, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}

/** Maps errors to JSON answers: bad input 400, unknown 404, database down 503; nothing else leaks. */
export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ZodError) {
    return jsonError(
      400,
      "Invalid parameters",
      err.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  if (err instanceof BadRequestError) return jsonError(400, err.message);
  if (err instanceof NotFoundError) return jsonError(404, err.message);
  if (err instanceof RecommendError) return jsonError(err.status, err.message);
  if (err instanceof RateLimitedError || err instanceof ModelBusyError) {
    const res = jsonError(err instanceof ModelBusyError ? 503 : 429, err.message);
    res.headers.set("Retry-After", String(err.retryAfterSeconds));
    return res;
  }
  if (isDatabaseDown(err)) return jsonError(503, "The database is unavailable; try again shortly");
  console.error("Unexpected error:", err);
  return jsonError(500, "Internal error");
}

/** Runs a handler, validating its output against `schema` (the response contract). */
export async function respond<S extends z.ZodType>(
  schema: S | null,
  fn: () => Promise<unknown>,
): Promise<NextResponse> {
  try {
    const body = await fn();
    return NextResponse.json(schema ? schema.parse(body) : body);
  } catch (err) {
    return errorResponse(err);
  }
}

/** A path segment as the user typed it: Next hands it over percent-encoded in some versions. */
export function decodeSegment(s: string): string {
  try {
    return s.includes("%") ? decodeURIComponent(s) : s;
  } catch {
    throw new BadRequestError("Malformed percent-encoding in the path");
  }
}

export function queryObject(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}
