import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { errorBodySchema, STATUS_OF_CODE, type ErrorCode } from "../errors";
import {
  courseResponseSchema,
  coursesResponseSchema,
  exportKindSchema,
  exportParamsSchema,
  healthResponseSchema,
  institutionsResponseSchema,
  recommendRequestSchema,
  recommendResponseSchema,
  relatedResponseSchema,
  searchParamsSchema,
  signInRequestSchema,
  signInResponseSchema,
  signOutResponseSchema,
  similarParamsSchema,
  similarResponseSchema,
} from "./api";
import { exploreRequestSchema, exploreResponseSchema } from "./explore";
import { mapResponseSchema } from "./map";
import { planRequestSchema, planResponseSchema } from "./plan";
import {
  articulationExportSchema,
  articulationParamsSchema,
  articulationResponseSchema,
} from "./articulation";
import { institutionCodeSchema } from "../institution";

// The JSON API's OpenAPI 3.1 document, generated from the zod schemas the routes parse their input
// and check their output with (zod-openapi renders each as JSON Schema 2020-12, input or output
// side as it is used), so the document cannot describe an API other than the one that runs.

const codePath = z.object({ code: z.string().meta({ description: "course or subject code, URL-encoded" }) });

// Every answer about courses, subjects or models is one institution's; the API names it in the URL
// (not the pages' cookie), so an answer stays cacheable by its URL.
const institutionQuery = z.object({
  institution: institutionCodeSchema.optional().meta({
    description:
      "the institution's code, e.g. UNIV or CC (default: the primary one, the first imported); malformed 400, unknown 404",
  }),
});

const retryAfter = z.string().regex(/^\d+$/).meta({ description: "seconds to wait before trying again" });

// When a status carries Retry-After: always on a rate limit; on a 503 when the state is passing
// (recommend's worker queue is full, the database is down), not when no model is active.
const HEADERS_OF_STATUS: Partial<Record<number, z.ZodObject>> = {
  429: z.object({ "Retry-After": retryAfter }),
  503: z.object({ "Retry-After": retryAfter.optional() }),
};

/** The error answers a route can give: by status, each with the codes that status carries there. */
function errors(...codes: ErrorCode[]): Record<string, ZodOpenApiResponseObject> {
  const out: Record<string, ZodOpenApiResponseObject> = {};
  for (const status of new Set(codes.map((c) => STATUS_OF_CODE[c]))) {
    const [first, ...rest] = codes.filter((c) => STATUS_OF_CODE[c] === status);
    const headers = HEADERS_OF_STATUS[status];
    out[String(status)] = {
      description: [first, ...rest].join(" or "),
      ...(headers && { headers }),
      content: {
        "application/json": { schema: errorBodySchema.extend({ code: z.enum([first!, ...rest]) }) },
      },
    };
  }
  return out;
}

/**
 * A GET answer that depends only on the URL and the model version (lib/http/cache-headers.ts):
 * sent with ETag and Cache-Control, and a bare 304 when If-None-Match names the current ETag.
 */
function withEtag(description: string, schema: z.ZodType): Record<string, ZodOpenApiResponseObject> {
  const etag = z.string().meta({ description: "the answer's version; send it back in If-None-Match" });
  return {
    "200": {
      description,
      headers: z.object({ ETag: etag, "Cache-Control": z.string() }),
      content: { "application/json": { schema } },
    },
    "304": {
      description: "not modified: the client's copy (If-None-Match) is current",
      headers: z.object({ ETag: etag }),
    },
  };
}

const ok = (description: string, schema: z.ZodType) => ({
  "200": { description, content: { "application/json": { schema } } },
});

const read = (op: ZodOpenApiOperationObject, tag: string): ZodOpenApiOperationObject => ({
  tags: [tag],
  ...op,
});

export function createOpenApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Course Atlas API",
      version: "1",
      description:
        "Course search, similar courses (course2vec), related subjects and next-term recommendations (LSTM), " +
        "read from the active model runs. Errors are JSON `{error, code}`; the status follows from the code. " +
        "A path with malformed percent-encoding answers 400, one over 2,048 characters 414, a method a path does " +
        "not list 405 with `Allow`, an unknown /api path 404 (all JSON). " +
        "Statistics about fewer than MIN_STUDENTS students are never part of an answer. " +
        "A deployment may hold several institutions: answers are the one `?institution=CODE` names (default: the primary one).",
    },
    paths: {
      "/api/health": {
        get: read(
          {
            summary: "Liveness and database reachability",
            responses: { ...ok("up", healthResponseSchema), ...errors("database_unavailable") },
          },
          "meta",
        ),
      },
      "/api/institutions": {
        get: read(
          {
            summary:
              "The institutions this deployment holds (the codes `?institution=` takes), the primary one first, " +
              "with each one's catalog size and the kinds of model it has an active run of",
            responses: {
              ...withEtag("the institutions", institutionsResponseSchema),
              ...errors("database_unavailable"),
            },
          },
          "meta",
        ),
      },
      "/api/openapi.json": {
        get: read(
          {
            summary: "This document",
            responses: {
              "200": {
                description: "OpenAPI 3.1",
                content: { "application/json": { schema: z.looseObject({ openapi: z.string() }) } },
              },
            },
          },
          "meta",
        ),
      },
      "/api/courses": {
        get: read(
          {
            summary: "Search the catalog by code, title or subject",
            requestParams: { query: searchParamsSchema.extend(institutionQuery.shape) },
            responses: {
              ...withEtag("matching courses, best first", coursesResponseSchema),
              ...errors("invalid_request", "not_found", "rate_limited", "database_unavailable"),
            },
          },
          "courses",
        ),
      },
      "/api/courses/{code}": {
        get: read(
          {
            summary: "A course with its prerequisites, the courses that require it, and its cross-listings",
            requestParams: { path: codePath, query: institutionQuery },
            responses: {
              ...withEtag("the course", courseResponseSchema),
              ...errors("invalid_request", "not_found", "uri_too_long", "database_unavailable"),
            },
          },
          "courses",
        ),
      },
      "/api/courses/{code}/similar": {
        get: read(
          {
            summary: "Courses most similar to a course in the active course2vec run",
            requestParams: { path: codePath, query: similarParamsSchema.extend(institutionQuery.shape) },
            responses: {
              ...withEtag("similar courses, most similar first", similarResponseSchema),
              ...errors(
                "invalid_request",
                "not_found",
                "uri_too_long",
                "model_unavailable",
                "database_unavailable",
              ),
            },
          },
          "courses",
        ),
      },
      "/api/subjects/{code}/related": {
        get: read(
          {
            summary: "Subjects ranked by the similarity of their course2vec centroids",
            requestParams: { path: codePath, query: institutionQuery },
            responses: {
              ...withEtag("related subjects, closest first", relatedResponseSchema),
              ...errors("invalid_request", "not_found", "uri_too_long", "database_unavailable"),
            },
          },
          "subjects",
        ),
      },
      "/api/recommend": {
        post: read(
          {
            summary: "Next-term suggestions for a history (neither logged nor stored)",
            requestParams: { query: institutionQuery },
            requestBody: { content: { "application/json": { schema: recommendRequestSchema } } },
            responses: {
              ...ok("suggestions with reasons", recommendResponseSchema),
              ...errors(
                "invalid_request",
                "not_found",
                "payload_too_large",
                "rate_limited",
                "model_unavailable",
                "database_unavailable",
              ),
            },
          },
          "recommend",
        ),
      },
      "/api/explore": {
        post: read(
          {
            summary:
              "Courses outside the sender's subjects, close to what they took, unusual for their major (neither logged nor stored)",
            requestParams: { query: institutionQuery },
            requestBody: { content: { "application/json": { schema: exploreRequestSchema } } },
            responses: {
              ...ok("courses to explore with relevance, unexpectedness and reasons", exploreResponseSchema),
              ...errors(
                "invalid_request",
                "not_found",
                "payload_too_large",
                "model_unavailable",
                "database_unavailable",
              ),
            },
          },
          "recommend",
        ),
      },
      "/api/map": {
        get: read(
          {
            summary: "Every mapped course with its place on the course map (coordinates in [-1, 1])",
            requestParams: { query: institutionQuery },
            responses: {
              ...withEtag("the map's points", mapResponseSchema),
              ...errors("invalid_request", "not_found", "database_unavailable"),
            },
          },
          "subjects",
        ),
      },
      "/api/plan": {
        post: read(
          {
            summary:
              "A term-by-term plan to graduation in a program for a history (neither logged nor stored); " +
              "every plan keeps prerequisites, offerings, no repeats and the load, and says why for each course",
            requestParams: { query: institutionQuery },
            requestBody: { content: { "application/json": { schema: planRequestSchema } } },
            responses: {
              ...ok("the plan, with the requirements it leaves unmet and why", planResponseSchema),
              ...errors(
                "invalid_request",
                "not_found",
                "payload_too_large",
                "rate_limited",
                "model_unavailable",
                "database_unavailable",
              ),
            },
          },
          "recommend",
        ),
      },
      "/api/staff/session": {
        post: read(
          {
            summary: "Staff sign-in (JSON; an HTML form post is redirected to the staff pages instead)",
            requestBody: { content: { "application/json": { schema: signInRequestSchema } } },
            responses: {
              ...ok("signed in; the session cookie is set", signInResponseSchema),
              "303": { description: "form posts: redirected to /staff/exports or back to /staff/sign-in" },
              ...errors(
                "invalid_request",
                "unauthorized",
                "payload_too_large",
                "rate_limited",
                "sign_in_unavailable",
                "database_unavailable",
              ),
            },
          },
          "staff",
        ),
        delete: read(
          {
            summary: "Sign out",
            responses: { ...ok("signed out", signOutResponseSchema), ...errors("sign_in_unavailable") },
          },
          "staff",
        ),
      },
      "/api/articulation": {
        get: read(
          {
            summary:
              "What a course of one institution counts as at another: agreed articulations, then the model's ranked proposals with scores and reasons",
            requestParams: { query: articulationParamsSchema },
            responses: {
              ...withEtag("agreed equivalents and candidates, best first", articulationResponseSchema),
              ...errors("invalid_request", "not_found", "model_unavailable", "database_unavailable"),
            },
          },
          "articulation",
        ),
      },
      "/api/staff/articulation/export": {
        get: read(
          {
            summary: "Refused: the export is a POST, so a link or a prefetch changes and logs nothing",
            responses: { ...errors("method_not_allowed") },
          },
          "staff",
        ),
        post: read(
          {
            summary:
              "Articulation decisions between two institutions as CSV: from course, to course, status, decided by, decided at (signed-in staff; logged)",
            requestBody: {
              content: {
                "application/x-www-form-urlencoded": {
                  schema: articulationExportSchema,
                },
              },
            },
            responses: {
              "200": {
                description: "CSV with a header row",
                content: { "text/csv": { schema: z.string() } },
              },
              ...errors("invalid_request", "unauthorized", "not_found", "database_unavailable"),
            },
          },
          "staff",
        ),
      },
      "/api/staff/exports/{kind}": {
        get: read(
          {
            summary: "Refused: exports are POSTs, so a link or a prefetch changes and logs nothing",
            requestParams: { path: z.object({ kind: exportKindSchema }) },
            responses: { ...errors("invalid_request", "method_not_allowed", "uri_too_long") },
          },
          "staff",
        ),
        post: read(
          {
            summary:
              "A CSV export from the active run (signed-in staff, a form post from this site; every download is logged)",
            requestParams: { path: z.object({ kind: exportKindSchema }), query: institutionQuery },
            requestBody: { content: { "application/x-www-form-urlencoded": { schema: exportParamsSchema } } },
            responses: {
              "200": {
                description: "CSV with a header row",
                content: { "text/csv": { schema: z.string() } },
              },
              ...errors(
                "invalid_request",
                "unauthorized",
                "not_found",
                "uri_too_long",
                "model_unavailable",
                "database_unavailable",
              ),
            },
          },
          "staff",
        ),
      },
    },
  });
}

let cached: ReturnType<typeof createDocument> | null = null;

/** The document, built once per process (it depends only on the code). */
export function getOpenApiDocument() {
  cached ??= createOpenApiDocument();
  return cached;
}
