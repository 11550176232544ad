import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "@/lib/db/client";
import type * as PlanQueries from "@/lib/queries/plan";
import { checkPlan } from "@/lib/plan/check";
import { planRequestSchema, planResponseSchema } from "@/lib/validations/plan";
import { parseTerm } from "@/lib/ingest/terms";

// The route reads DATABASE_URL through lib/env when first imported: point it at the fixture first,
// then import everything that reads it.
let db: Db;
let inst: number;
let route: { POST: (req: Request) => Promise<Response> };
let queries: typeof PlanQueries;
beforeAll(async () => {
  process.env.DATABASE_URL = inject("fixtureUrl");
  // A fresh client address per request, so the plan rate limit never refuses these tests.
  (await import("@/lib/http/client-address")).markPeerHeaderTrusted();
  db = (await import("@/lib/db/client")).getDb();
  inst = (await (await import("@/lib/institution")).resolveInstitution(db)).id;
  route = await import("@/app/api/plan/route");
  queries = await import("@/lib/queries/plan");
});
afterAll(async () => db.$disconnect());

const HISTORY = [
  { term: "Fall 2022", courses: ["COMPSCI 1", "MATH 1"] },
  { term: "Spring 2023", courses: ["COMPSCI 17"] },
];
const BODY = { history: HISTORY, majors: ["COMPSCI"], program: "Computer Science BA" };
let peer = 0;
const post = (body: unknown) =>
  route.POST(
    new Request("http://localhost/api/plan", {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", "x-atlas-peer": `plan-${process.pid}-${peer++}` },
    }),
  );

/** The rules a plan of BODY's history breaks (checkPlan on the answer's codes, the default load). */
async function violationsOf(terms: { term: string; courses: { code: string }[] }[]) {
  const { catalog, prepared } = await queries.getPlanCatalog(db, inst);
  const idx = (code: string) => prepared.indexOf.get(catalog.byCode.get(code)!.id)!;
  return checkPlan(
    prepared.plan,
    HISTORY.map((h) => ({ courses: h.courses.map(idx) })),
    terms.map((t) => ({ term: parseTerm(t.term)!, courses: t.courses.map((c) => idx(c.code)) })),
    { min: 3, max: 5, unit: "courses" },
  );
}

describe("planning with the trained LSTM on the fixture", () => {
  it("plans to graduation with the real model in the loop, breaking no rule", async () => {
    const res = await queries.planCourses(db, inst, planRequestSchema.parse(BODY));
    expect(res.unmet).toEqual([]);
    expect(res.terms[0]!.term).toBe("Fall 2023");
    expect(res.terms.length).toBeGreaterThanOrEqual(2);
    expect(res.plan.stats.scorerCalls).toBe(res.terms.length);
    expect(await violationsOf(res.terms)).toEqual([]);
    const reasons = res.terms.flatMap((t) => t.courses.flatMap((c) => c.reasons));
    expect(
      reasons.some((r) =>
        /^Students with histories like yours took it in their \d+(st|nd|rd|th) term$/.test(r),
      ),
    ).toBe(true);
    expect(reasons.some((r) => r.startsWith("Counts toward Lower-division core"))).toBe(true);
    for (const t of res.terms) for (const c of t.courses) expect(c.reasons.length).toBeGreaterThan(0);
  });

  it("POST /api/plan plans in the worker pool: the contract, every rule kept, the run that planned", async () => {
    const res = await post(BODY);
    expect(res.status).toBe(200);
    const body = planResponseSchema.strict().parse(await res.json());
    expect(body.unmet).toEqual([]);
    expect(body.terms[0]!.term).toBe("Fall 2023");
    expect(await violationsOf(body.terms)).toEqual([]);
    const active = await db.modelRun.findFirst({ where: { kind: "rnn", isActive: true } });
    expect(body.runId).toBe(active!.id);
  });

  it("answers POST /api/plan with the contract, pins and exclusions applied", async () => {
    const first = planResponseSchema.parse(await (await post(BODY)).json());
    const moved = first.terms[0]!.courses.find((c) => !c.reasons.some((r) => r.startsWith("Prerequisite")))!;
    const dropped = first.terms[0]!.courses.find((c) => c.code !== moved.code)!;
    const res = await post({
      ...BODY,
      pinned: [{ term: "Fall 2024", course: moved.code }],
      excluded: [dropped.code],
      load: { min: 2, max: 4 },
    });
    expect(res.status).toBe(200);
    const body = planResponseSchema.parse(await res.json());
    const where = body.terms.filter((t) => t.courses.some((c) => c.code === moved.code)).map((t) => t.term);
    expect(where).toEqual(["Fall 2024"]);
    expect(body.terms.flatMap((t) => t.courses.map((c) => c.code))).not.toContain(dropped.code);
    for (const t of body.terms) expect(t.courses.length).toBeLessThanOrEqual(4);
    expect(body.runId).toBe(first.runId);
  });

  it.each([
    [{ ...BODY, load: { min: 5, max: 3 } }, 400],
    [{ ...BODY, maxTerms: 0 }, 400],
    [{ ...BODY, program: undefined }, 400],
    [{ ...BODY, filters: {} }, 400],
    [{ ...BODY, pinned: [{ term: "Someday", course: "COMPSCI 17" }] }, 400],
    [{ ...BODY, pinned: [{ term: "Fall 2040", course: "COMPSCI 33" }] }, 400],
    [{ ...BODY, pinned: [{ term: "Fall 2023", course: "COMPSCI 1" }] }, 400],
    [{ ...BODY, excluded: ["NOPE 1"] }, 404],
    [{ ...BODY, program: "Underwater Basket Weaving BA" }, 404],
    ["{not json", 400],
  ])("a clear 4xx for a bad request (%#)", async (body, status) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(typeof ((await res.json()) as { error?: unknown }).error).toBe("string");
  });

  it("says why when the program cannot be finished in the terms allowed", async () => {
    const res = await queries.planCourses(db, inst, planRequestSchema.parse({ ...BODY, maxTerms: 1 }));
    expect(res.terms).toHaveLength(1);
    expect(res.unmet.length).toBeGreaterThan(0);
    for (const u of res.unmet) expect(u.reason).toMatch(/too few terms|no offered course/i);
  });
});
