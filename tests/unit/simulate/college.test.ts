import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { simulateUniversity } from "@/lib/simulate";
import type { CollegePlanted } from "@/lib/simulate/college";
import {
  courseRowSchema,
  enrollmentRowSchema,
  rankLevel,
  requirementRowSchema,
  COURSE_COLUMNS,
} from "@/lib/validations/csv";

const opts = { seed: 11, students: 2000, years: 6, perSubject: 10, startYear: 2020, college: true };

type Row = Record<string, string>;

function run(seed: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-college-"));
  const r = simulateUniversity({ ...opts, seed }, dir);
  const read = (f: string) => parse<Row>(fs.readFileSync(f), { columns: true });
  const files = r.college!.files;
  return {
    dir,
    files,
    uniCourses: read(r.files.catalog),
    uniEnrollments: read(r.files.enrollments),
    courses: read(files.catalog),
    enrollments: read(files.enrollments),
    requirements: read(files.requirements),
    known: read(files.known),
    heldout: read(files.heldout),
    planted: JSON.parse(fs.readFileSync(files.planted, "utf8")) as CollegePlanted,
  };
}

const pairKey = (r: Row) => `${r.from_course} -> ${r.to_course}`;
const termOrder = (t: string) => {
  const [season, year] = t.split(" ");
  return Number(year) * 3 + ["Spring", "Summer", "Fall"].indexOf(season!);
};

describe("the simulated partner college", () => {
  const a = run(11);

  it("writes the university's file formats, every row valid for the importer", () => {
    expect(Object.keys(a.courses[0]!).sort()).toEqual(Object.keys(a.uniCourses[0]!).sort());
    expect(Object.keys(a.courses[0]!)).toEqual(expect.arrayContaining([...COURSE_COLUMNS.required]));
    for (const [rows, schema] of [
      [a.courses, courseRowSchema],
      [a.enrollments, enrollmentRowSchema],
      [a.requirements, requirementRowSchema],
    ] as const) {
      const bad = rows.filter((row) => !schema.safeParse(row).success);
      expect(bad.slice(0, 3)).toEqual([]);
    }
    const codes = new Set(a.courses.map((c) => c.course));
    expect(codes.size).toBe(a.courses.length);
    expect(a.enrollments.every((e) => codes.has(e.course))).toBe(true);
    expect(a.requirements.every((r) => codes.has(r.course))).toBe(true);
    expect(new Set(a.enrollments.map((e) => e.student)).size).toBeGreaterThan(500);
  });

  it("is lower division only, with college-only subjects and courses", () => {
    expect(a.courses.every((c) => rankLevel(c.level!) === 1)).toBe(true);
    const subjects = new Set(a.courses.map((c) => c.subject));
    for (const s of ["CIS", "ENGL", "MATH", "ESL", "AUTO"]) expect(subjects).toContain(s);
    expect(a.planted.collegeOnly).toEqual(expect.arrayContaining(["MATH 200", "ESL 251", "AUTO 50A"]));
    expect(a.planted.collegeOnly.length).toBeGreaterThanOrEqual(20);
  });

  it("names and describes its courses its own way, not by copying the university", () => {
    const uni = new Map(a.uniCourses.map((c) => [c.course!, c]));
    const cc = new Map(a.courses.map((c) => [c.course!, c]));
    const pairs = a.planted.equivalences.flatMap((e) =>
      e.to.map((t) => [cc.get(e.from)!, uni.get(t)!] as const),
    );
    const share = (f: (x: Row, y: Row) => boolean) => pairs.filter(([x, y]) => f(x, y)).length / pairs.length;
    expect(share((x, y) => x.course !== y.course)).toBeGreaterThan(0.9);
    expect(share((x, y) => x.subject !== y.subject)).toBeGreaterThan(0.5);
    expect(share((x, y) => x.title !== y.title)).toBeGreaterThan(0.6);
    // Paraphrased: no sentence of the university's description is copied.
    for (const [x, y] of pairs)
      for (const sentence of y.description!.split(/(?<=\.) /).filter((s) => s.length > 30))
        expect(x.description).not.toContain(sentence);
  });

  it("splits the planted equivalences into known (about 30%) and held-out files, disjoint", () => {
    expect(Object.keys(a.known[0]!)).toEqual(["from_course", "to_course"]);
    const planted = a.planted.equivalences.flatMap((e) => e.to.map((t) => `${e.from} -> ${t}`));
    const known = new Set(a.known.map(pairKey));
    const heldout = new Set(a.heldout.map(pairKey));
    expect([...known].filter((k) => heldout.has(k))).toEqual([]);
    expect([...known, ...heldout].sort()).toEqual([...planted].sort());
    // A one-to-two equivalence stays whole in one file.
    const knownFrom = new Set(a.known.map((r) => r.from_course));
    expect(a.heldout.some((r) => knownFrom.has(r.from_course))).toBe(false);
    const share = knownFrom.size / a.planted.equivalences.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    const only = new Set(a.planted.collegeOnly);
    expect([...a.known, ...a.heldout].some((r) => only.has(r.from_course!))).toBe(false);
  });

  it("plants one-to-one, one-to-two and no-equivalent courses in plausible proportions", () => {
    const n = a.planted.equivalences.length;
    const oneToTwo = a.planted.equivalences.filter((e) => e.to.length === 2).length;
    expect(n).toBeGreaterThan(80);
    expect(oneToTwo).toBeGreaterThanOrEqual(3);
    expect(oneToTwo / n).toBeLessThan(0.2);
    expect(a.planted.noEquivalent.length).toBeGreaterThanOrEqual(5);
    const lowerUni = new Set(a.uniCourses.filter((c) => c.level === "lower").map((c) => c.course));
    expect(a.planted.equivalences.every((e) => e.to.every((t) => lowerUni.has(t)))).toBe(true);
  });

  it("has the university's transfer students take their first terms at the college", () => {
    const terms = (rows: Row[]) => {
      const by = new Map<string, { first: number; last: number; courses: Set<string> }>();
      for (const e of rows) {
        const t = termOrder(e.term!);
        const s = by.get(e.student!) ?? { first: t, last: t, courses: new Set<string>() };
        s.first = Math.min(s.first, t);
        s.last = Math.max(s.last, t);
        s.courses.add(e.course!);
        by.set(e.student!, s);
      }
      return by;
    };
    const uni = terms(a.uniEnrollments);
    const cc = terms(a.enrollments);
    const both = a.planted.transfers.filter(([c, u]) => cc.has(c) && uni.has(u));
    expect(both.length).toBeGreaterThan(0.6 * a.planted.transfers.length);
    const counts = new Map(a.planted.equivalences.map((e) => [e.from, e.to]));
    for (const [c, u] of both) {
      expect(cc.get(c)!.last).toBeLessThan(uni.get(u)!.first);
      // What counts from the college is not taken again at the university.
      for (const from of cc.get(c)!.courses)
        for (const to of counts.get(from) ?? []) expect(uni.get(u)!.courses.has(to)).toBe(false);
    }
    // The college has students of its own besides the transfers.
    expect(cc.size).toBeGreaterThan(both.length * 1.5);
  });

  it("gives a college course an enrollment context like its equivalent's, through the equivalences", () => {
    // Courses taken in the same or the next term by the same student, counted per course.
    const neighbours = (rows: Row[]) => {
      const by = new Map<string, [number, string][]>();
      for (const e of rows)
        by.set(e.student!, [...(by.get(e.student!) ?? []), [termOrder(e.term!), e.course!]]);
      const out = new Map<string, Map<string, number>>();
      for (const history of by.values())
        for (const [t, x] of history)
          for (const [u, y] of history)
            if (x !== y && Math.abs(t - u) <= 3) {
              const m = out.get(x) ?? new Map<string, number>();
              m.set(y, (m.get(y) ?? 0) + 1);
              out.set(x, m);
            }
      return out;
    };
    const top = (m: Map<string, number> | undefined, n: number) =>
      [...(m ?? new Map<string, number>())]
        .sort((x, y) => y[1] - x[1])
        .slice(0, n)
        .map(([c]) => c);
    const cc = neighbours(a.enrollments);
    const uni = neighbours(a.uniEnrollments);
    const to = new Map(a.planted.equivalences.map((e) => [e.from, e.to]));
    let similar = 0;
    let checked = 0;
    for (const e of a.planted.equivalences) {
      const near = top(cc.get(e.from), 5).flatMap((c) => to.get(c) ?? []);
      if (near.length < 3) continue;
      const uniNear = new Set(e.to.flatMap((t) => top(uni.get(t), 15)));
      checked++;
      if (near.filter((c) => uniNear.has(c)).length >= 2) similar++;
    }
    expect(checked).toBeGreaterThan(40);
    // Resembling, not copying: most contexts agree, not all.
    expect(similar / checked).toBeGreaterThan(0.5);
    expect(similar / checked).toBeLessThan(1);
  });

  it("is deterministic by seed", () => {
    const b = run(11);
    const c = run(12);
    for (const f of ["catalog", "enrollments", "requirements", "known", "heldout"] as const)
      expect(fs.readFileSync(b.files[f], "utf8")).toBe(fs.readFileSync(a.files[f], "utf8"));
    expect(fs.readFileSync(c.files.enrollments, "utf8")).not.toBe(
      fs.readFileSync(a.files.enrollments, "utf8"),
    );
    expect(fs.readFileSync(c.files.known, "utf8")).not.toBe(fs.readFileSync(a.files.known, "utf8"));
  });
});
