import { AppError, toErrorResponse } from "../errors";

/**
 * The methods each API route exports, by path pattern. Next answers any other method with an empty
 * 405; the proxy answers it with the JSON error every other refusal uses, and `Allow`.
 * tests/unit/http/api-methods.test.ts checks this table against the route files' exports.
 */
export const API_ROUTE_METHODS: readonly (readonly [pattern: string, methods: readonly string[]])[] = [
  ["/api/articulation", ["GET"]],
  ["/api/courses", ["GET"]],
  ["/api/courses/[code]", ["GET"]],
  ["/api/courses/[code]/similar", ["GET"]],
  ["/api/explore", ["POST"]],
  ["/api/health", ["GET"]],
  ["/api/institutions", ["GET"]],
  ["/api/map", ["GET"]],
  ["/api/openapi.json", ["GET"]],
  ["/api/plan", ["POST"]],
  ["/api/recommend", ["POST"]],
  ["/api/staff/articulation/export", ["GET", "POST"]],
  ["/api/staff/exports/[kind]", ["GET", "POST"]],
  ["/api/staff/session", ["DELETE", "POST"]],
  ["/api/subjects/[code]/related", ["GET"]],
];

const matchers = API_ROUTE_METHODS.map(([pattern, methods]) => {
  const source = pattern
    .split("/")
    .map((seg) => (seg.startsWith("[") ? "[^/]+" : seg.replace(/[.]/g, "\\.")))
    .join("/");
  // Next answers HEAD for a GET route and OPTIONS for every route by itself.
  const allowed = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
  return { re: new RegExp(`^${source}/?$`), allowed };
});

/** The methods a path's route answers, or null when no route has that path (the catch-all's 404). */
export function findAllowedMethods(pathname: string): string[] | null {
  return matchers.find((m) => m.re.test(pathname))?.allowed ?? null;
}

/** A JSON 405 with `Allow` for a method the path's route does not answer; null otherwise. */
export function answerWrongMethod(pathname: string, method: string): Response | null {
  const allowed = findAllowedMethods(pathname);
  if (!allowed || allowed.includes(method.toUpperCase())) return null;
  return toErrorResponse(
    new AppError(
      "method_not_allowed",
      `${method.toUpperCase()} is not allowed here; use ${allowed.join(", ")}`,
    ),
    { Allow: allowed.join(", ") },
  );
}
