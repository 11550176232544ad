import { z, ZodError } from "zod";

/** Every error a client can be told about, by code; the HTTP status follows from the code alone. */
export const errorCodeSchema = z.enum([
  "invalid_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "payload_too_large",
  "uri_too_long",
  "rate_limited",
  "model_unavailable",
  "sign_in_unavailable",
  "database_unavailable",
  "internal",
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const STATUS_OF_CODE = {
  invalid_request: 400,
  unauthorized: 401,
  // A state-changing request another site made a browser send (proxy.ts).
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  // A body over its route's limit, refused before it is read (lib/http/read-body.ts).
  payload_too_large: 413,
  // A path over MAX_PATH_CHARS, refused before routing (lib/http/bad-url.ts).
  uri_too_long: 414,
  rate_limited: 429,
  internal: 500,
  // A missing model is the deployment's state, not the client's fault: the same 503 on every route.
  model_unavailable: 503,
  sign_in_unavailable: 503,
  database_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

/** The one error class of the library and web tier: a code and a message meant for the user. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    // For rate_limited and a busy model: when the client may try again (sent as Retry-After).
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

export const errorBodySchema = z.object({
  error: z.string(),
  code: errorCodeSchema,
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** True for errors that mean the database is unreachable (file gone, server down, locked). */
export function isDatabaseDown(err: unknown): boolean {
  const text =
    err instanceof Error
      ? `${err.name} ${err.message} ${(err as { code?: string }).code ?? ""}`
      : String(err);
  return /SQLITE_CANTOPEN|SQLITE_BUSY|SQLITE_IOERR|ECONNREFUSED|ECONNRESET|ETIMEDOUT|P1001|P1017|PrismaClientInitializationError|no such table|Can't reach database|Connection terminated|DatabaseNotReachable|unable to open database|Cannot open database/i.test(
    text,
  );
}

/**
 * What any error means to a client: invalid input (zod) 400 with the first 20 problems, a domain
 * error its code's status, an unreachable database 503; anything else is logged and answers a bare
 * 500, so no internals leak.
 */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  const answer = (code: ErrorCode, error: string, details?: ErrorBody["details"]) => ({
    status: STATUS_OF_CODE[code],
    body: details === undefined ? { error, code } : { error, code, details },
  });
  if (err instanceof ZodError)
    return answer(
      "invalid_request",
      "Invalid parameters",
      err.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  if (err instanceof AppError) return answer(err.code, err.message);
  if (isDatabaseDown(err))
    return answer("database_unavailable", "The database is unavailable; try again shortly");
  console.error("Unexpected error:", err);
  return answer("internal", "Internal error");
}

/** The JSON answer for an error; never cached. */
export function toErrorResponse(err: unknown, headers?: Record<string, string>): Response {
  const { status, body } = toErrorBody(err);
  const retry: Record<string, string> =
    err instanceof AppError && err.retryAfterSeconds ? { "Retry-After": String(err.retryAfterSeconds) } : {};
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...retry, ...headers } });
}
