import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import { answerWrongMethod } from "@/lib/http/api-methods";
import { answerBadUrl } from "@/lib/http/bad-url";
import { usePostgres } from "../../fixtures/postgres";

// Every route of the JSON API, called for real (route handlers over a copy of the trained fixture),
// each answer checked against the schema that /api/openapi.json gives for its path, method and
// status. Staff routes keep their session in a cookie jar standing in for Next's request cookies.

const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: () =>
    Promise.resolve({
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      set: (name: string | { name: string; value: string }, value?: string, opts?: { maxAge?: number }) => {
        const [n, v] = typeof name === "string" ? [name, value ?? ""] : [name.name, name.value];
        if (v === "" || opts?.maxAge === 0) jar.delete(n);
        else jar.set(n, v);
      },
    }),
}));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Answer = {
  content?: Record<string, { schema: object }>;
  headers?: Record<string, { required?: boolean; schema: object }>;
};
type Operation = { responses: Record<string, Answer> };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

const API_DIR = path.join(process.cwd(), "app", "api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
let dir: string;
let db: Db;
let FIXTURE_STAFF: { email: string; password: string };
let doc: Doc;
const modules = new Map<string, Partial<Record<(typeof METHODS)[number], Handler>>>();
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();
const seen = new Set<string>();

/** The route templates of app/api, as OpenAPI writes them: /api/courses/{code}/similar. */
function routeTemplates(): string[] {
  return (
    fs
      .readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
      .filter((f) => path.basename(f) === "route.ts")
      // The catch-all is no endpoint: it answers every other /api path with a JSON 404.
      .filter((f) => !f.includes("[..."))
      .map((f) => `/api/${path.dirname(f).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}"))
      .sort()
  );
}

/** Calls the route for `template` and checks the answer against the document; returns it. */
async function call(
  method: (typeof METHODS)[number],
  template: string,
  url: string,
  init: {
    params?: Record<string, string>;
    body?: string;
    type?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown; res: Response }> {
  const handler = modules.get(template)?.[method];
  if (!handler) throw new Error(`${template} exports no ${method}`);
  const headers: Record<string, string> = { ...init.headers };
  if (init.type ?? init.body) headers["content-type"] = init.type ?? "application/json";
  const req = new Request(`http://localhost${url}`, { method, body: init.body, headers });
  // What proxy.ts answers before any route: an unusable path, a method the route does not take.
  const { pathname } = new URL(req.url);
  const res =
    answerBadUrl(pathname) ??
    answerWrongMethod(pathname, method) ??
    (await handler(req, { params: Promise.resolve(init.params ?? {}) }));
  const op = doc.paths[template]?.[method.toLowerCase()];
  const documented = op?.responses[String(res.status)];
  expect(
    documented,
    `${method} ${url} answered ${res.status}, which the document does not list`,
  ).toBeDefined();
  seen.add(`${method} ${template} ${res.status}`);
  for (const [name, header] of Object.entries(documented!.headers ?? {})) {
    const value = res.headers.get(name);
    if (header.required) expect(value, `${method} ${url} ${res.status}: header ${name}`).not.toBeNull();
    if (value === null) continue;
    const check = ajv.compile(header.schema);
    expect(check(value), `${method} ${url} ${res.status}: header ${name}=${value}`).toBe(true);
  }
  const type = (res.headers.get("content-type") ?? "").replace(/;.*/, "");
  const content = documented!.content;
  if (!content) return { status: res.status, body: null, res };
  expect(Object.keys(content), `${method} ${url} content type`).toContain(type);
  const body: unknown = type === "application/json" ? await res.json() : await res.text();
  const key = `${method} ${template} ${res.status} ${type}`;
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(content[type]?.schema ?? {})));
  expect(validate(body), `${key}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return { status: res.status, body, res };
}

beforeAll(async () => {
  if (usePostgres) return;
  // A private copy: these calls sign in, log exports and finally deactivate the models.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-openapi-"));
  fs.copyFileSync(inject("fixtureUrl").replace(/^file:/, ""), path.join(dir, "db.sqlite"));
  process.env.DATABASE_URL = `file:${path.join(dir, "db.sqlite")}`;
  process.env.SESSION_SECRET = "openapi-test-session-secret-0123456789";
  // lib/env reads the environment once, at first import: only now may lib/ be imported.
  db = (await import("@/lib/db/client")).createDb(process.env.DATABASE_URL);
  ({ FIXTURE_STAFF } = await import("../../fixtures/build-fixture"));
  for (const t of routeTemplates()) {
    const file = path.join(API_DIR, t.replace(/^\/api\//, "").replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
    modules.set(t, (await import(file)) as Partial<Record<(typeof METHODS)[number], Handler>>);
  }
  const res = await modules.get("/api/openapi.json")!.GET!(new Request("http://localhost/api/openapi.json"), {
    params: Promise.resolve({}),
  });
  doc = (await res.json()) as Doc;
});

/** A course of the fixture's partner college that has articulation candidates. */
async function collegeCourse(): Promise<string> {
  const c = await db.articulationCandidate.findFirstOrThrow({
    include: { fromCourse: { select: { code: true } } },
  });
  return c.fromCourse.code;
}

afterAll(async () => {
  if (usePostgres) return;
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The handlers and their answers are the same on PostgreSQL; routes.test.ts runs there too.
describe.skipIf(usePostgres)("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document describing exactly the routes and methods that exist", async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(routeTemplates());
    for (const [template, mod] of modules) {
      const exported = METHODS.filter((m) => typeof mod[m] === "function").map((m) => m.toLowerCase());
      expect(Object.keys(doc.paths[template]!).sort(), template).toEqual(exported.sort());
    }
  });

  it("matches every public route's answers, successes and errors", async () => {
    const code = { code: "COMPSCI 1" };
    expect((await call("GET", "/api/health", "/api/health")).status).toBe(200);
    expect((await call("GET", "/api/openapi.json", "/api/openapi.json")).status).toBe(200);
    expect((await call("GET", "/api/institutions", "/api/institutions")).status).toBe(200);
    expect((await call("GET", "/api/courses", "/api/courses?q=cs1&limit=5")).status).toBe(200);
    expect((await call("GET", "/api/courses", "/api/courses?limit=0")).status).toBe(400);
    const t = "/api/courses/{code}";
    expect((await call("GET", t, "/api/courses/COMPSCI%201", { params: code })).status).toBe(200);
    expect((await call("GET", t, "/api/courses/NOPE", { params: { code: "NOPE" } })).status).toBe(404);
    expect((await call("GET", t, "/api/courses/%E0%A4%A", { params: { code: "%E0%A4%A" } })).status).toBe(
      400,
    );
    const s = "/api/courses/{code}/similar";
    expect((await call("GET", s, "/api/courses/COMPSCI%201/similar?limit=3", { params: code })).status).toBe(
      200,
    );
    expect((await call("GET", s, "/api/courses/COMPSCI%201/similar?limit=x", { params: code })).status).toBe(
      400,
    );
    expect((await call("GET", s, "/api/courses/NOPE/similar", { params: { code: "NOPE" } })).status).toBe(
      404,
    );
    const r = "/api/subjects/{code}/related";
    expect((await call("GET", r, "/api/subjects/JAPAN/related", { params: { code: "JAPAN" } })).status).toBe(
      200,
    );
    expect((await call("GET", r, "/api/subjects/NOPE/related", { params: { code: "NOPE" } })).status).toBe(
      404,
    );
    expect((await call("GET", r, "/api/subjects/%E0/related", { params: { code: "%E0" } })).status).toBe(400);
    const history = [{ term: "Fall 2022", courses: ["COMPSCI 1"] }];
    const rec = (body: unknown) =>
      call("POST", "/api/recommend", "/api/recommend", { body: JSON.stringify(body) });
    expect((await rec({ history, majors: ["COMPSCI"], limit: 3 })).status).toBe(200);
    const bad = await rec({ history: "Fall 2022" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "invalid_request", details: [{ path: "history" }] });
    expect((await rec({ history: [{ term: "Fall 2022", courses: ["NOPE 1"] }] })).status).toBe(404);
    expect((await rec({ majors: ["x".repeat(70_000)] })).status).toBe(413);
    const plan = (body: unknown) => call("POST", "/api/plan", "/api/plan", { body: JSON.stringify(body) });
    const program = "Computer Science BA";
    expect((await plan({ history, majors: ["COMPSCI"], program, maxTerms: 2 })).status).toBe(200);
    expect((await plan({ history, program, load: { min: 4, max: 2 } })).status).toBe(400);
    expect((await plan({ history, program: "No Such Program" })).status).toBe(404);
    expect((await plan({ program, majors: ["x".repeat(70_000)] })).status).toBe(413);
    expect((await call("GET", "/api/map", "/api/map")).status).toBe(200);
    const explore = (body: unknown) =>
      call("POST", "/api/explore", "/api/explore", { body: JSON.stringify(body) });
    expect((await explore({ taken: ["COMPSCI 1"], majors: ["COMPSCI"], limit: 3 })).status).toBe(200);
    expect((await explore({ taken: [] })).status).toBe(400);
    expect((await explore({ taken: ["NOPE 1"] })).status).toBe(404);
    expect((await explore({ taken: ["x".repeat(40_000)] })).status).toBe(413);
    const a = "/api/articulation";
    const cc = encodeURIComponent(await collegeCourse());
    const agreed = await call("GET", a, `${a}?from=PCC&to=UNIV&course=${cc}&limit=3`);
    expect(agreed.status).toBe(200);
    expect((agreed.body as { candidates: unknown[] }).candidates).toHaveLength(3);
    expect((await call("GET", a, `${a}?from=cc&course=${cc}`)).status).toBe(400);
    expect((await call("GET", a, `${a}?from=PCC&course=${cc}&limit=0`)).status).toBe(400);
    expect((await call("GET", a, `${a}?from=PCC&to=PCC&course=${cc}`)).status).toBe(400);
    expect((await call("GET", a, `${a}?from=PCC&course=NOPE%20404`)).status).toBe(404);
    expect((await call("GET", a, `${a}?from=ZZ&course=${cc}`)).status).toBe(404);
  });

  it("takes ?institution= on every route that reads an institution's data: malformed 400, unknown 404", async () => {
    for (const [template, method] of [
      ["/api/courses", "get"],
      ["/api/courses/{code}", "get"],
      ["/api/courses/{code}/similar", "get"],
      ["/api/subjects/{code}/related", "get"],
      ["/api/map", "get"],
      ["/api/recommend", "post"],
      ["/api/explore", "post"],
      ["/api/plan", "post"],
      ["/api/staff/exports/{kind}", "post"],
    ] as const) {
      const op = doc.paths[template]![method] as Operation & { parameters?: { name: string; in: string }[] };
      const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      expect(query, `${method} ${template}`).toContain("institution");
    }
    const code = { code: "COMPSCI 1" };
    const t = "/api/courses/{code}";
    expect((await call("GET", "/api/courses", "/api/courses?q=cs1&institution=UNIV")).status).toBe(200);
    expect((await call("GET", t, "/api/courses/COMPSCI%201?institution=UNIV", { params: code })).status).toBe(
      200,
    );
    for (const [q, status, errorCode] of [
      ["NOPE", 404, "not_found"],
      ["not%20a%20code", 400, "invalid_request"],
    ] as const) {
      const at = `?institution=${q}`;
      expect(await call("GET", "/api/courses", `/api/courses?q=cs${at.replace("?", "&")}`)).toMatchObject({
        status,
        body: { code: errorCode },
      });
      expect(await call("GET", t, `/api/courses/COMPSCI%201${at}`, { params: code })).toMatchObject({
        status,
      });
      expect(await call("GET", "/api/map", `/api/map${at}`)).toMatchObject({
        status,
        body: { code: errorCode },
      });
      const body = JSON.stringify({ history: [{ term: "Fall 2022", courses: ["COMPSCI 1"] }] });
      expect(await call("POST", "/api/recommend", `/api/recommend${at}`, { body })).toMatchObject({ status });
    }
  });

  it("matches the rate limits', conditional GETs' and bad URLs' answers, with their headers", async () => {
    const { markPeerHeaderTrusted, PEER_HEADER } = await import("@/lib/http/client-address");
    const { RATE_LIMITS } = await import("@/lib/http/rate-limit");
    // A client of its own, so the limits reached here do not refuse the other tests' calls.
    markPeerHeaderTrusted();
    const from = { [PEER_HEADER]: "203.0.113.77" };
    let search = await call("GET", "/api/courses", "/api/courses?q=cs", { headers: from });
    for (let i = 0; i < RATE_LIMITS.search.points && search.status === 200; i++)
      search = await call("GET", "/api/courses", "/api/courses?q=cs", { headers: from });
    expect(search).toMatchObject({ status: 429, body: { code: "rate_limited" } });
    expect(search.res.headers.get("retry-after")).toMatch(/^\d+$/);
    const rec = () => call("POST", "/api/recommend", "/api/recommend", { body: "{", headers: from });
    let refused = await rec();
    for (let i = 0; i < RATE_LIMITS.recommend.points && refused.status === 400; i++) refused = await rec();
    expect(refused).toMatchObject({ status: 429, body: { code: "rate_limited" } });

    // Every ETag'd GET: the same request with the ETag it was given answers a bare 304.
    for (const [template, url, params] of [
      ["/api/courses", "/api/courses?q=japan", {}],
      ["/api/courses/{code}", "/api/courses/COMPSCI%201", { code: "COMPSCI 1" }],
      ["/api/courses/{code}/similar", "/api/courses/COMPSCI%201/similar?limit=2", { code: "COMPSCI 1" }],
      ["/api/subjects/{code}/related", "/api/subjects/JAPAN/related", { code: "JAPAN" }],
      [
        "/api/articulation",
        `/api/articulation?from=PCC&course=${encodeURIComponent(await collegeCourse())}`,
        {},
      ],
      ["/api/map", "/api/map", {}],
      ["/api/institutions", "/api/institutions", {}],
    ] as const) {
      const first = await call("GET", template, url, { params });
      expect(first.status, url).toBe(200);
      const etag = first.res.headers.get("etag")!;
      const again = await call("GET", template, url, { params, headers: { "if-none-match": etag } });
      expect(again.status, url).toBe(304);
      expect(again.res.headers.get("etag")).toBe(etag);
    }

    // Paths with a parameter: the proxy's 400 (malformed percent-encoding) and 414 (too long).
    const long = "x".repeat(3000);
    for (const [method, template, url] of [
      ["GET", "/api/courses/{code}", "/api/courses/CODE"],
      ["GET", "/api/courses/{code}/similar", "/api/courses/CODE/similar"],
      ["GET", "/api/subjects/{code}/related", "/api/subjects/CODE/related"],
      ["GET", "/api/staff/exports/{kind}", "/api/staff/exports/CODE"],
      ["POST", "/api/staff/exports/{kind}", "/api/staff/exports/CODE"],
    ] as const) {
      const bad = await call(method, template, url.replace("CODE", "%ZZ"));
      expect(bad, url).toMatchObject({ status: 400, body: { code: "invalid_request" } });
      const over = await call(method, template, url.replace("CODE", long));
      expect(over, url).toMatchObject({ status: 414, body: { code: "uri_too_long" } });
    }
  });

  it("matches the staff routes' answers: sign-in, its limit, exports, sign-out", async () => {
    const session = "/api/staff/session";
    const signIn = (email: string, password: string) =>
      call("POST", session, session, { body: JSON.stringify({ email, password }) });
    const exportCsv = (kind: string, form = "") =>
      call("POST", "/api/staff/exports/{kind}", `/api/staff/exports/${kind}`, {
        params: { kind },
        body: form,
        type: "application/x-www-form-urlencoded",
      });
    const viaGet = await call("GET", "/api/staff/exports/{kind}", "/api/staff/exports/similar", {
      params: { kind: "similar" },
    });
    expect(viaGet).toMatchObject({ status: 405, body: { code: "method_not_allowed" } });
    const huge = JSON.stringify({ email: "x@example.edu", password: "p".repeat(5000) });
    expect((await call("POST", session, session, { body: huge })).status).toBe(413);
    expect((await exportCsv("similar")).status).toBe(401);
    expect((await call("POST", session, session, { body: "{" })).status).toBe(400);
    expect((await signIn(FIXTURE_STAFF.email, "wrong password!")).status).toBe(401);
    for (let i = 0; i < 5; i++) await signIn("nobody@example.edu", "not the password");
    const limited = await signIn("nobody@example.edu", "not the password");
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: "rate_limited" });
    const form = new URLSearchParams({ email: FIXTURE_STAFF.email, password: FIXTURE_STAFF.password });
    const redirected = await call("POST", session, session, {
      body: form.toString(),
      type: "application/x-www-form-urlencoded",
    });
    expect(redirected.status).toBe(303);
    expect(redirected.res.headers.get("location")).toMatch(/\/staff\/exports$/);
    jar.clear();
    const ok = await signIn(FIXTURE_STAFF.email, FIXTURE_STAFF.password);
    expect(ok).toMatchObject({ status: 200, body: { ok: true, email: FIXTURE_STAFF.email } });
    const csv = await exportCsv("similar", "top=2");
    expect(csv.status).toBe(200);
    expect(String(csv.body).split("\n")[0]).toMatch(/^course,/);
    expect((await exportCsv("nope")).status).toBe(400);
    const artic = (form: string) =>
      call("POST", "/api/staff/articulation/export", "/api/staff/articulation/export", {
        body: form,
        type: "application/x-www-form-urlencoded",
      });
    const decisions = await artic("from=PCC&to=UNIV");
    expect(decisions.status).toBe(200);
    expect(String(decisions.body).split("\n")[0]).toBe("from_course,to_course,status,decided_by,decided_at");
    expect((await artic("from=cc")).status).toBe(400);
    expect((await artic("from=ZZ")).status).toBe(404);
    expect((await exportCsv("similar", "top=99")).status).toBe(400);
    const elsewhere = await call(
      "POST",
      "/api/staff/exports/{kind}",
      "/api/staff/exports/similar?institution=NOPE",
      {
        params: { kind: "similar" },
        body: "top=2",
        type: "application/x-www-form-urlencoded",
      },
    );
    expect(elsewhere).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect((await call("DELETE", session, session)).status).toBe(200);
    expect((await exportCsv("similar")).status).toBe(401);
    expect((await artic("from=PCC")).status).toBe(401);
    const articGet = await call("GET", "/api/staff/articulation/export", "/api/staff/articulation/export");
    expect(articGet).toMatchObject({ status: 405, body: { code: "method_not_allowed" } });
  });

  it("answers 503 model_unavailable on every route that needs a model when none is active", async () => {
    await db.modelRun.updateMany({ data: { isActive: false } });
    // Every instance follows the model version it polls once a second (lib/queries/cache.ts).
    const { VERSION_CHECK_MS } = await import("@/lib/queries/cache");
    await new Promise((r) => setTimeout(r, VERSION_CHECK_MS + 100));
    const check = async (p: Promise<{ status: number; body: unknown }>) =>
      expect(await p).toMatchObject({ status: 503, body: { code: "model_unavailable" } });
    await check(
      call("GET", "/api/courses/{code}/similar", "/api/courses/COMPSCI%201/similar", {
        params: { code: "COMPSCI 1" },
      }),
    );
    await check(
      call("POST", "/api/recommend", "/api/recommend", { body: JSON.stringify({ majors: ["COMPSCI"] }) }),
    );
    await check(
      call("POST", "/api/plan", "/api/plan", {
        body: JSON.stringify({ majors: ["COMPSCI"], program: "Computer Science BA" }),
      }),
    );
    await check(
      call("POST", "/api/explore", "/api/explore", { body: JSON.stringify({ taken: ["COMPSCI 1"] }) }),
    );
    const cc = encodeURIComponent(await collegeCourse());
    await check(call("GET", "/api/articulation", `/api/articulation?from=PCC&course=${cc}`));
    const session = "/api/staff/session";
    const body = JSON.stringify({ email: FIXTURE_STAFF.email, password: FIXTURE_STAFF.password });
    expect((await call("POST", session, session, { body })).status).toBe(200);
    for (const kind of ["similar", "recommendations"])
      await check(
        call("POST", "/api/staff/exports/{kind}", `/api/staff/exports/${kind}`, {
          params: { kind },
          body: "",
          type: "application/x-www-form-urlencoded",
        }),
      );
  });

  // After the 503 checks: from here on this client is over the limits of the costly routes.
  it("answers 429 rate_limited, as documented, once a client is over a costly route's limit", async () => {
    const { RATE_LIMITS } = await import("@/lib/http/rate-limit");
    for (const [template, bucket] of [
      ["/api/plan", "plan"],
      ["/api/recommend", "recommend"],
    ] as const) {
      let last = { status: 0, body: null as unknown };
      for (let i = 0; i <= RATE_LIMITS[bucket].points && last.status !== 429; i++)
        last = await call("POST", template, template, { body: "{" });
      expect(last.status, template).toBe(429);
      expect(last.body).toMatchObject({ code: "rate_limited" });
    }
  });

  it("has exercised every documented answer a client can cause", () => {
    // 503 answers whose only causes are the deployment's (database down: unavailable.test.ts;
    // SESSION_SECRET unset) cannot be caused from here.
    const serverOnly = new Set(["database_unavailable", "sign_in_unavailable"]);
    const codesOf = (r: Operation["responses"][string]) =>
      (r.content?.["application/json"]?.schema as { properties?: { code?: { enum?: string[] } } })?.properties
        ?.code?.enum ?? [];
    const documented = Object.entries(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([, r]) => {
            const codes = codesOf(r);
            return codes.length === 0 || codes.some((c) => !serverOnly.has(c));
          })
          .map(([status]) => `${method.toUpperCase()} ${template} ${status}`),
      ),
    );
    expect(documented.filter((d) => !seen.has(d))).toEqual([]);
  });
});
