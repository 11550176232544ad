import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveInstitution } from "@/lib/institution";
import { parse } from "csv-parse/sync";
import { createDb, type Db } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { findSimilarCourses, findTakenNext } from "@/lib/queries/courses";
import { findPreparation } from "@/lib/queries/programs";
import { recommendCourses } from "@/lib/queries/recommend";
import { buildExport, toCsv } from "@/lib/queries/exports";
import { loadActiveRnn } from "@/lib/models/rnn-runtime";
import { recommendRequestSchema } from "@/lib/validations/api";

let db: Db;
let inst: number;
beforeAll(async () => {
  db = createDb(inject("fixtureUrl"));
  inst = (await resolveInstitution(db)).id;
});
afterAll(async () => db.$disconnect());

const req = (r: unknown) => recommendRequestSchema.parse(r);
const MIN = 10;
/** Every student count quoted in a text, as numbers. */
const countsIn = (texts: string[]) =>
  texts.flatMap((t) => [...t.matchAll(/([\d,]+)\+? students/g)].map((m) => Number(m[1]!.replace(/,/g, ""))));

describe("published student counts", () => {
  it("are multiples of 5, never small, and never 'all but a few' of a course", async () => {
    const catalog = await getCatalog(db, inst);
    const busiest = [...catalog.courses].sort((a, b) => b.students - a.students).slice(0, 25);
    let seen = 0;
    for (const c of busiest) {
      const similar = (await findSimilarCourses(db, inst, c.code, {
        limit: 20,
        otherSubjects: false,
        withReasons: true,
      }))!;
      for (const s of similar.similar) {
        const both = s.reasons.find((r) => r.endsWith("students took both"));
        if (!both) continue;
        seen++;
        expect(both).toMatch(/^[\d,]+\+ students took both$/);
        const [n] = countsIn([both]);
        expect(n! % 5).toBe(0);
        const row = await db.similarCourse.findFirstOrThrow({
          where: { courseId: c.id, similarId: catalog.byCode.get(s.code)!.id },
        });
        expect(n).toBeLessThanOrEqual(row.coStudents);
        expect(c.students - row.coStudents).toBeGreaterThanOrEqual(MIN);
        expect(catalog.byCode.get(s.code)!.students - row.coStudents).toBeGreaterThanOrEqual(MIN);
      }
      for (const n of await findTakenNext(db, inst, c.code)) {
        seen++;
        expect(n.students % 5).toBe(0);
        expect(n.students).toBeGreaterThanOrEqual(MIN);
      }
    }
    expect(seen).toBeGreaterThan(20);
    const prep = await findPreparation(db, inst, "COMPSCI 17", []);
    for (const n of countsIn(prep.steps.map((s) => s.reason))) expect(n % 5).toBe(0);
  });

  it("recommendation reasons and scores are coarse too", async () => {
    const r = await recommendCourses(
      db,
      inst,
      req({
        history: [{ term: "Fall 2022", courses: ["COMPSCI 1", "MATH 1"] }],
        majors: ["COMPSCI"],
        limit: 30,
      }),
    );
    const counts = countsIn(r.recommendations.flatMap((x) => x.reasons));
    expect(counts.length).toBeGreaterThan(0);
    for (const n of counts) expect(n % 5).toBe(0);
    for (const x of r.recommendations) expect(Number(x.score.toPrecision(2))).toBe(x.score);
  });
});

describe("majors outside the model", () => {
  it("answer like the pooled token, and no answer or error names a major", async () => {
    const model = (await loadActiveRnn(db, inst))!;
    const unknown = await recommendCourses(db, inst, req({ majors: ["Underwater Basketry"], limit: 10 }));
    const alsoUnknown = await recommendCourses(db, inst, req({ majors: ["ZZZ"], limit: 10 }));
    expect(unknown.recommendations).toEqual(alsoUnknown.recommendations);
    const words = new Set(unknown.recommendations.flatMap((x) => x.reasons.join(" ").split(/\W+/)));
    expect(model.majors.filter((m) => words.has(m))).toEqual([]);
    const err = await recommendCourses(
      db,
      inst,
      req({ history: [{ term: "Fall 2022", courses: ["NOPE 1"] }], majors: ["Underwater Basketry"] }),
    ).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(err).toMatch(/Unknown course code/);
    expect(model.majors.filter((m) => err.includes(m))).toEqual([]);
  });
});

describe("exports", () => {
  it("escape cells that a spreadsheet would run as formulas", () => {
    const csv = toCsv([
      ["title", "n"],
      ['=HYPERLINK("http://evil.example","x")', 1],
      ["+1+2", -3],
      ["@SUM(A1)", 0],
      ["-2+3", 2],
      ["Plain title", 3],
    ]);
    const rows: string[][] = parse(csv, {});
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil.example","x")`,
      "'+1+2",
      "'@SUM(A1)",
      "'-2+3",
      "Plain title",
    ]);
    expect(rows[2]![1]).toBe("-3"); // numbers are left alone
  });

  it("round recommendation scores and state the threshold in every file name", async () => {
    const recs = await buildExport(db, inst, "recommendations", { top: 5 });
    const rows = parse<Record<string, string>>(recs.csv, { columns: true });
    for (const r of rows) expect(Number(Number(r.score).toPrecision(2))).toBe(Number(r.score));
    for (const kind of ["similar", "subjects", "course-subjects"] as const)
      expect((await buildExport(db, inst, kind, { top: 5 })).filename).toMatch(/-min10\.csv$/);
  });
});
