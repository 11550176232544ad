import { beforeAll, describe, expect, inject, it } from "vitest";

type Route = (req: Request) => Promise<Response>;
let recommend: Route;
let plan: Route;
let courses: string[];
let peer = 0;

beforeAll(async () => {
  process.env.DATABASE_URL = inject("fixtureUrl");
  // One worker thread and room for one waiting request, so a burst overflows the queue.
  process.env.RECOMMEND_THREADS = "1";
  process.env.RECOMMEND_QUEUE = "1";
  const { markPeerHeaderTrusted } = await import("@/lib/http/client-address");
  markPeerHeaderTrusted();
  recommend = (await import("@/app/api/recommend/route")).POST;
  plan = (await import("@/app/api/plan/route")).POST;
  const { createDb } = await import("@/lib/db/client");
  const db = createDb(inject("fixtureUrl"));
  // The university's courses: the fixture also holds the partner college's, which /api/recommend
  // (the primary institution's unless ?institution= says otherwise) does not know.
  const univ = await db.institution.findFirstOrThrow({ where: { code: "UNIV" }, select: { id: true } });
  courses = (
    await db.course.findMany({
      where: { institutionId: univ.id },
      orderBy: { students: "desc" },
      take: 70,
      select: { code: true },
    })
  ).map((c) => c.code);
  await db.$disconnect();
});

const post = (body: unknown, to = recommend, path = "/api/recommend") =>
  to(
    new Request(`http://localhost${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", "x-atlas-peer": `bounds-${process.pid}-${peer++}` },
    }),
  );
// 40 terms of 20 courses drawn from `distinct` courses.
const history = (distinct: number) =>
  Array.from({ length: 40 }, (_, t) => ({
    term: `${t % 2 ? "Fall" : "Spring"} ${1990 + Math.floor(t / 2)}`,
    courses: Array.from({ length: 20 }, (_, k) => courses[(t * 20 + k) % distinct]!),
  }));

describe("bounded cost of one recommendation", () => {
  it("more than 60 distinct past courses is a clear 400", async () => {
    const res = await post({ history: history(61), majors: [] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe(
      "At most 60 distinct past courses per request (this one has 61)",
    );
  });

  it("the largest valid request is answered, with reasons", async () => {
    const res = await post({ history: history(60), majors: [], limit: 5 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recommendations: { reasons: string[] }[] };
    expect(body.recommendations).toHaveLength(5);
    expect(body.recommendations.some((r) => r.reasons.length > 0)).toBe(true);
  });

  it("a burst beyond the worker queue gets 503 with Retry-After at once, not a hang", async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post({ history: history(60), majors: [] })),
    );
    const codes = answers.map((r) => r.status);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(2);
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 200 || c === 503)).toBe(true);
    expect(Number(busy[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await busy[0]!.json()) as { error: string }).error).toMatch(/busy/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe("plans share the bounded worker pool", () => {
  const body = {
    history: [
      { term: "Fall 2022", courses: ["COMPSCI 1", "MATH 1"] },
      { term: "Spring 2023", courses: ["COMPSCI 17"] },
    ],
    majors: ["COMPSCI"],
    program: "Computer Science BA",
  };

  it("a burst of plans beyond the worker queue gets 503 with Retry-After at once; the rest are plans", async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(body, plan, "/api/plan")));
    const codes = answers.map((r) => r.status);
    expect(codes.every((c) => c === 200 || c === 503)).toBe(true);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(2);
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(Number(busy[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await busy[0]!.json()) as { error: string }).error).toBe(
      "The planning service is busy; try again in a few seconds",
    );
    const done = (await answers.find((r) => r.status === 200)!.json()) as { terms: unknown[] };
    expect(done.terms.length).toBeGreaterThan(0);
  });
});
