import { type z } from "zod";
import { AppError, toErrorResponse } from "./errors";

/** What Next hands a route handler besides the request: the dynamic segments, still to be awaited. */
export type RouteContext<P> = { params: Promise<P> };
export type RouteHandler<P> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;

/**
 * Wraps a route handler so that whatever it throws answers through `toErrorResponse` (one mapping
 * for every route). It returns a handler of the same shape, so other wrappers (caching, rate
 * limits) compose around or inside it: `export const GET = route(async (req, ctx) => ...)`.
 */
export function route(handler: (req: Request) => Promise<Response>): (req: Request) => Promise<Response>;
export function route<P>(handler: RouteHandler<P>): RouteHandler<P>;
export function route<P>(handler: RouteHandler<P>): RouteHandler<P> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

/**
 * A JSON answer checked against its response schema. A body that breaks the contract is our bug,
 * so it becomes a 500 (logged), never a 400 that would blame the client.
 */
export function json<S extends z.ZodType>(schema: S, body: z.input<S>, init?: ResponseInit): Response {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`Response breaks its schema: ${parsed.error.message}`);
  return Response.json(parsed.data, init);
}

/** A path segment as the user typed it: Next hands it over percent-encoded in some versions. */
export function decodeSegment(s: string): string {
  try {
    return s.includes("%") ? decodeURIComponent(s) : s;
  } catch {
    throw new AppError("invalid_request", "Malformed percent-encoding in the path");
  }
}

export function queryObject(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}
