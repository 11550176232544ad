import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveInstitution } from "@/lib/institution";
import { createDb, type Db } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { searchCourses } from "@/lib/queries/search";
import {
  findCourseSubjectRelations,
  findSimilarCourses,
  findTakenNext,
  getCourseDetail,
} from "@/lib/queries/courses";
import { findBridgeCourses, findMapPoints, findRelatedSubjects } from "@/lib/queries/subjects";
import { recommendCourses } from "@/lib/queries/recommend";
import { findPreparation, findProgramChecklist } from "@/lib/queries/programs";
import { recommendRequestSchema } from "@/lib/validations/api";

let db: Db;
let inst: number;
beforeAll(async () => {
  db = createDb(inject("fixtureUrl"));
  inst = (await resolveInstitution(db)).id;
});
afterAll(async () => db.$disconnect());

const req = (r: unknown) => recommendRequestSchema.parse(r);

/** The active course2vec run's stored neighbours (ranks 1 to `top`) of every course, in rank order. */
async function storedNeighbours(top = 1000) {
  const run = (await db.modelRun.findFirst({ where: { kind: "course2vec", isActive: true } }))!;
  const rows = await db.similarCourse.findMany({
    where: { runId: run.id, rank: { lte: top } },
    orderBy: [{ courseId: "asc" }, { rank: "asc" }],
  });
  const byCourse = new Map<number, typeof rows>();
  for (const r of rows) byCourse.set(r.courseId, [...(byCourse.get(r.courseId) ?? []), r]);
  return byCourse;
}

describe("search", () => {
  it("finds courses by code, compact code, subject initials, title and typo", async () => {
    const catalog = await getCatalog(db, inst);
    expect(searchCourses(catalog, "COMPSCI 1")[0]?.code).toBe("COMPSCI 1");
    expect(searchCourses(catalog, "compsci1")[0]?.code).toBe("COMPSCI 1");
    expect(searchCourses(catalog, "cs1")[0]?.code).toBe("COMPSCI 1");
    expect(searchCourses(catalog, "machine learning").map((c) => c.title)).toContain("Machine Learning");
    expect(searchCourses(catalog, "machin lerning").map((c) => c.title)).toContain("Machine Learning");
    expect(searchCourses(catalog, "japanese buddhism").map((c) => c.code)).toEqual(
      expect.arrayContaining(["JAPAN C110", "BUDDSTD C110"]),
    );
    expect(searchCourses(catalog, "zzzqqq")).toEqual([]);
  });
});

describe("course pages' data", () => {
  it("gives prerequisites, cross-listings and a clear not-found", async () => {
    const c = await getCourseDetail(db, inst, "COMPSCI 17");
    expect(c.prerequisites.map((p) => p.code)).toContain("COMPSCI 1");
    expect((await getCourseDetail(db, inst, "buddstd c108")).crossListings.map((x) => x.code)).toEqual([
      "SSEASN C108",
    ]);
    await expect(getCourseDetail(db, inst, "NOPE 1")).rejects.toMatchObject({
      name: "AppError",
      code: "not_found",
    });
  });

  it("ranks similar courses with percents and checkable reasons, and filters them", async () => {
    const all = (await findSimilarCourses(db, inst, "COMPSCI 1", {
      limit: 10,
      otherSubjects: false,
      withReasons: true,
    }))!;
    expect(all.similar.length).toBe(10);
    const sims = all.similar.map((s) => s.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    expect(all.similar.every((s) => s.percent >= 0 && s.percent <= 100 && s.code !== "COMPSCI 1")).toBe(true);
    expect(
      all.similar.some((s) =>
        s.reasons.some((r) => /students took both|Both lead to|Both count toward/.test(r)),
      ),
    ).toBe(true);
    const other = (await findSimilarCourses(db, inst, "COMPSCI 1", {
      limit: 10,
      otherSubjects: true,
      withReasons: false,
    }))!;
    expect(other.similar).toHaveLength(10);
    expect(other.similar.every((s) => s.subject !== "COMPSCI")).toBe(true);
    // COMPSCI 1's stored neighbours are all lower-division: filter a course whose neighbours mix levels.
    const catalog = await getCatalog(db, inst);
    const shown = (id: number) => (catalog.byId.get(id)?.students ?? 0) >= 10;
    const isUpper = (id: number) => catalog.byId.get(id)?.levelRank === 2;
    const [courseId, neighbours] = [...(await storedNeighbours())].find(
      ([id, rs]) =>
        shown(id) && rs.some((r) => isUpper(r.similarId)) && rs.some((r) => !isUpper(r.similarId)),
    )!;
    const upper = (await findSimilarCourses(db, inst, catalog.byId.get(courseId)!.code, {
      limit: 5,
      otherSubjects: false,
      levelRank: 2,
      withReasons: false,
    }))!;
    const expected = neighbours.filter((r) => isUpper(r.similarId) && shown(r.similarId)).slice(0, 5);
    expect(upper.similar.length).toBeGreaterThan(0);
    expect(upper.similar.map((s) => s.code)).toEqual(
      expected.map((r) => catalog.byId.get(r.similarId)!.code),
    );
    expect(upper.similar.every((s) => s.level === "upper")).toBe(true);
  });

  it("suppresses shared-student counts below the privacy minimum", async () => {
    // A course whose top 10 similar courses mix pairs with fewer than 10 shared students and pairs
    // with more, so that both sides of the rule are checked.
    const catalog = await getCatalog(db, inst);
    const shown = (id: number) => (catalog.byId.get(id)?.students ?? 0) >= 10;
    const mixed = [...(await storedNeighbours(10))].find(
      ([id, rs]) =>
        shown(id) &&
        rs.every((r) => shown(r.similarId)) &&
        rs.some((r) => r.coStudents < 10) &&
        rs.some((r) => r.coStudents >= 10),
    );
    expect(mixed, "the fixture has a course with both kinds of similar course").toBeDefined();
    const [courseId, pairs] = mixed!;
    const coStudents = new Map(pairs.map((r) => [catalog.byId.get(r.similarId)!.code, r.coStudents]));
    const rows = (await findSimilarCourses(db, inst, catalog.byId.get(courseId)!.code, {
      limit: 10,
      otherSubjects: false,
      withReasons: true,
    }))!.similar;
    expect(rows.map((r) => r.code).sort()).toEqual([...coStudents.keys()].sort());
    let shownCounts = 0;
    for (const r of rows) {
      const count = r.reasons.map((x) => /^([\d,]+)\+ students took both/.exec(x)).find(Boolean);
      if (coStudents.get(r.code)! < 10) expect(count, r.code).toBeUndefined();
      else if (count) {
        // Published coarsened (lib/queries/disclosure.ts): at least 10, a multiple of 5, not above the truth.
        const n = Number(count[1]!.replace(/,/g, ""));
        expect(n).toBeGreaterThanOrEqual(10);
        expect(n % 5).toBe(0);
        expect(n).toBeLessThanOrEqual(coStudents.get(r.code)!);
        shownCounts++;
      }
    }
    expect(shownCounts).toBeGreaterThan(0);
    const next = await findTakenNext(db, inst, "COMPSCI 1");
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((n) => n.students >= 10)).toBe(true);
  });

  it("relates courses and subjects", async () => {
    const catalog = await getCatalog(db, inst);
    const upper = catalog.courses
      .filter((c) => c.subjectCode === "COMPSCI" && c.level === "upper")
      .sort((a, b) => b.students - a.students)[0]!;
    const rel = await findCourseSubjectRelations(db, inst, upper.code);
    expect(rel[0]?.subject).toBe("COMPSCI");
    const related = await findRelatedSubjects(db, inst, "JAPAN");
    expect(related.length).toBeGreaterThan(10);
    expect(related.map((r) => r.code)).not.toContain("JAPAN");
    const bridges = await findBridgeCourses(db, inst, "COMPSCI", "MATH");
    expect(bridges.length).toBeGreaterThan(0);
    expect(bridges.every((b) => b.subject === "COMPSCI" || b.subject === "MATH")).toBe(true);
    const points = await findMapPoints(db, inst);
    expect(points.length).toBeGreaterThan(50);
    expect(points.every((p) => Math.abs(p.x) <= 1 && Math.abs(p.y) <= 1)).toBe(true);
  });
});

describe("recommendations", () => {
  const history = [
    { term: "Fall 2022", courses: ["COMPSCI 1", "MATH 1"] },
    { term: "Spring 2023", courses: ["COMPSCI 17"] },
  ];

  it("suggests untaken courses with scores and reasons", async () => {
    const r = await recommendCourses(db, inst, req({ history, majors: ["COMPSCI"], limit: 10 }));
    expect(r.recommendations).toHaveLength(10);
    expect(r.nextTerm).toBe("Fall 2023");
    const codes = r.recommendations.map((x) => x.code);
    for (const taken of ["COMPSCI 1", "MATH 1", "COMPSCI 17"]) expect(codes).not.toContain(taken);
    const scores = r.recommendations.map((x) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(
      r.recommendations.some((x) => x.reasons.some((y) => y.startsWith("Suggested mostly because you took"))),
    ).toBe(true);
  });

  it("applies each filter", async () => {
    const shown = await recommendCourses(
      db,
      inst,
      req({ history, majors: ["COMPSCI"], filters: { hideTaken: false }, limit: 40 }),
    );
    expect(shown.recommendations.map((x) => x.code)).toEqual(expect.arrayContaining(["COMPSCI 17"]));
    const catalog = await getCatalog(db, inst);
    const offered = await recommendCourses(
      db,
      inst,
      req({ history, majors: ["COMPSCI"], filters: { offeredNextTerm: true }, limit: 30 }),
    );
    expect(offered.recommendations.length).toBeGreaterThan(0);
    for (const x of offered.recommendations) {
      const offers = catalog.byCode.get(x.code)!.offered;
      expect(offers.length === 0 || offers.includes("Fall")).toBe(true);
    }
    const program = "Computer Science BA";
    const reqOnly = await recommendCourses(
      db,
      inst,
      req({ history, majors: ["COMPSCI"], program, filters: { requirementsOnly: true }, limit: 30 }),
    );
    expect(reqOnly.recommendations.length).toBeGreaterThan(0);
    expect(
      reqOnly.recommendations.every((x) => x.reasons.some((y) => y.startsWith(`Counts toward ${program}`))),
    ).toBe(true);
    const plain = await recommendCourses(db, inst, req({ history, majors: ["COMPSCI"], limit: 10 }));
    const stat = await recommendCourses(
      db,
      inst,
      req({ history, majors: ["COMPSCI"], filters: { preferSubject: "STAT" }, limit: 10 }),
    );
    const count = (r: typeof plain) => r.recommendations.filter((x) => x.subject === "STAT").length;
    expect(count(stat)).toBeGreaterThan(count(plain));
  });

  it("handles empty histories, rare courses and bad input clearly", async () => {
    const first = await recommendCourses(db, inst, req({ majors: ["COMPSCI"], limit: 5 }));
    expect(first.recommendations).toHaveLength(5);
    await expect(recommendCourses(db, inst, req({}))).rejects.toThrow(/at least one past term or a major/);
    await expect(
      recommendCourses(db, inst, req({ history: [{ term: "Fall 2022", courses: ["NOPE 9"] }] })),
    ).rejects.toThrow(/Unknown course code: NOPE 9/);
    await expect(
      recommendCourses(db, inst, req({ history: [{ term: "Fall 22", courses: ["COMPSCI 1"] }] })),
    ).rejects.toMatchObject({
      code: "invalid_request",
      message: '"Fall 22" is not a term like "Fall 2019"',
    });
    // Autumn is another name for Fall: the next regular term of this semester calendar is Spring.
    const autumn = await recommendCourses(
      db,
      inst,
      req({ history: [{ term: "Autumn 2022", courses: ["COMPSCI 1"] }] }),
    );
    expect(autumn.nextTerm).toBe("Spring 2023");
    const catalog = await getCatalog(db, inst);
    const rare = catalog.courses.find((c) => c.students === 0)!;
    const r = await recommendCourses(
      db,
      inst,
      req({ history: [{ term: "Fall 2022", courses: [rare.code, "COMPSCI 1"] }] }),
    );
    expect(r.ignored).toEqual([rare.code]);
  });

  it("builds a requirement checklist and a preparation plan", async () => {
    const catalog = await getCatalog(db, inst);
    const checklist = await findProgramChecklist(db, inst, "Computer Science BA", [
      catalog.byCode.get("COMPSCI 1")!.id,
    ]);
    const lower = checklist.find((c) => c.name === "Lower-division core")!;
    expect(lower.done.map((d) => d.code)).toEqual(["COMPSCI 1"]);
    expect(lower.satisfied).toBe(false);
    const upper =
      catalog.courses.find((c) => c.subjectCode === "COMPSCI" && c.level === "upper" && c.number === "120")
        ?.code ?? "COMPSCI 17";
    const prep = await findPreparation(db, inst, upper, []);
    expect(prep.steps.length).toBeGreaterThan(0);
    expect(prep.steps[0]!.reason).toMatch(/Prerequisite of|took it the term before/);
  });
});
