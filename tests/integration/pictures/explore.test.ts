import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveInstitution } from "@/lib/institution";
import { createDb, type Db } from "@/lib/db/client";
import { exploreCourses, measureList } from "@/lib/queries/explore";
import { isAppError } from "@/lib/errors";
import { recommendCourses } from "@/lib/queries/recommend";
import { recommendRequestSchema } from "@/lib/validations/api";
import { exploreResponseSchema } from "@/lib/validations/explore";

let db: Db;
let inst: number;
let route: { POST: (req: Request) => Promise<Response> };
beforeAll(async () => {
  process.env.DATABASE_URL = inject("fixtureUrl");
  db = createDb(inject("fixtureUrl"));
  inst = (await resolveInstitution(db)).id;
  route = await import("@/app/api/explore/route");
});
afterAll(async () => db.$disconnect());

const taken = ["COMPSCI 1", "MATH 1", "COMPSCI 17"];
const post = (body: string) =>
  route.POST(
    new Request("http://localhost/api/explore", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    }),
  );

describe("explore", () => {
  it("suggests courses outside the student's subjects, near what they took, with reasons", async () => {
    const items = await exploreCourses(db, inst, taken, ["COMPSCI"], 8);
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const c of items) {
      expect(["COMPSCI", "MATH"]).not.toContain(c.subject);
      expect(c.relevance).toBeGreaterThanOrEqual(0.2);
      expect(c.reasons).toHaveLength(2);
      expect(c.reasons[0]).toMatch(/COMPSCI 1|MATH 1|COMPSCI 17/);
      expect(c.reasons[1]).toContain("Unusual for COMPSCI majors");
    }
    const perSubject = new Map<string, number>();
    for (const c of items) perSubject.set(c.subject, (perSubject.get(c.subject) ?? 0) + 1);
    expect(Math.max(...perSubject.values())).toBeLessThanOrEqual(2);
  });

  it("is more unexpected for the major than the plain recommender's list", async () => {
    const own = new Set(["COMPSCI", "MATH"]);
    const history = [
      { term: "Fall 2022", courses: ["COMPSCI 1", "MATH 1"] },
      { term: "Spring 2023", courses: ["COMPSCI 17"] },
    ];
    const plain = await recommendCourses(
      db,
      inst,
      recommendRequestSchema.parse({ history, majors: ["COMPSCI"], limit: 8 }),
    );
    const explored = await exploreCourses(db, inst, taken, ["COMPSCI"], 8);
    const a = (await measureList(
      db,
      inst,
      plain.recommendations.map((r) => r.code),
      ["COMPSCI"],
      own,
    ))!;
    const b = (await measureList(
      db,
      inst,
      explored.map((r) => r.code),
      ["COMPSCI"],
      own,
    ))!;
    expect(b.outside).toBe(1);
    expect(b.unexpectedness).toBeGreaterThan(a.unexpectedness);
  });

  it("names unknown courses and majors instead of guessing", async () => {
    await expect(exploreCourses(db, inst, ["NOPE 1"], [])).rejects.toSatisfy((e) =>
      isAppError(e, "not_found"),
    );
    await expect(exploreCourses(db, inst, taken, ["ASTROLOGY"])).rejects.toSatisfy((e) =>
      isAppError(e, "invalid_request"),
    );
  });
});

describe("POST /api/explore", () => {
  it("answers a history with explore suggestions", async () => {
    const res = await post(JSON.stringify({ taken, majors: ["COMPSCI"], limit: 5 }));
    expect(res.status).toBe(200);
    expect(exploreResponseSchema.parse(await res.json()).courses.length).toBeGreaterThan(0);
  });

  it("answers bad input with a 4xx JSON error", async () => {
    for (const [body, status] of [
      ["{", 400],
      [JSON.stringify({ taken: [] }), 400],
      [JSON.stringify({ taken, extra: 1 }), 400],
      [JSON.stringify({ taken: ["NOPE 1"] }), 404],
      [JSON.stringify({ taken, majors: ["ASTROLOGY"] }), 400],
      ["x".repeat(40_000), 413],
    ] as const) {
      const res = await post(body);
      expect(res.status, body.slice(0, 40)).toBe(status);
      expect(typeof ((await res.json()) as { error?: string }).error).toBe("string");
    }
  });
});
