import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { simulateUniversity, type Planted } from "@/lib/simulate";
import { SUBJECTS } from "@/lib/simulate/subjects";

const opts = { seed: 11, students: 1500, years: 5, perSubject: 10, startYear: 2020 };

function run(seed: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-sim-"));
  const r = simulateUniversity({ ...opts, seed }, dir);
  type Row = Record<string, string> & {
    student: string;
    course: string;
    term: string;
    prerequisites: string;
    cross_listed: string;
    subject: string;
  };
  const read = (f: string) => parse<Row>(fs.readFileSync(f), { columns: true });
  return {
    dir,
    r,
    courses: read(r.files.catalog),
    enrollments: read(r.files.enrollments),
    planted: JSON.parse(fs.readFileSync(r.files.planted, "utf8")) as Planted,
  };
}

describe("the simulated university", () => {
  const a = run(11);

  it("is deterministic by seed", () => {
    const b = run(11);
    const c = run(12);
    for (const f of ["courses.csv", "enrollments.csv", "requirements.csv"]) {
      expect(fs.readFileSync(path.join(b.dir, f), "utf8")).toBe(fs.readFileSync(path.join(a.dir, f), "utf8"));
    }
    expect(fs.readFileSync(path.join(c.dir, "enrollments.csv"), "utf8")).not.toBe(
      fs.readFileSync(path.join(a.dir, "enrollments.csv"), "utf8"),
    );
  });

  it("has 30+ subjects in divisions, with the East-Asian humanities cluster", () => {
    expect(SUBJECTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SUBJECTS.map((s) => s.division)).size).toBe(6);
    for (const code of ["JAPAN", "CHINESE", "BUDDSTD", "TIBETAN", "SSEASN", "HISTORY"])
      expect(a.courses.some((c) => c.subject === code)).toBe(true);
  });

  it("plants cross-listed classes that students take under either code", () => {
    const crossed = a.planted.crossListed.find((g) => g.includes("BUDDSTD C108"))!;
    expect(crossed).toEqual(["BUDDSTD C108", "SSEASN C108"]);
    const taken = new Set(a.enrollments.map((e) => e.course));
    const both = a.planted.crossListed.filter((g) => g.every((c) => taken.has(c)));
    expect(both.length).toBeGreaterThan(a.planted.crossListed.length / 2);
    const row = a.courses.find((c) => c.course === "BUDDSTD C108")!;
    expect(row.cross_listed).toBe("SSEASN C108");
  });

  it("respects prerequisites: a course is never taken before its prerequisites", () => {
    const byStudent = new Map<string, Map<string, number>>();
    const ord = (t: string) => {
      const [s, y] = t.split(" ");
      return Number(y) * 4 + ["Winter", "Spring", "Summer", "Fall"].indexOf(s!);
    };
    for (const e of a.enrollments) {
      const m = byStudent.get(e.student) ?? new Map<string, number>();
      m.set(e.course, ord(e.term));
      byStudent.set(e.student, m);
    }
    const prereqs = new Map(
      a.courses.map((c) => [c.course, c.prerequisites ? c.prerequisites.split(";") : []]),
    );
    let checked = 0;
    for (const taken of byStudent.values()) {
      for (const [course, when] of taken) {
        for (const p of prereqs.get(course) ?? []) {
          const pw = taken.get(p);
          if (pw !== undefined) {
            expect(pw).toBeLessThan(when);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("has a long-tailed popularity, several terms a year and substitute groups", () => {
    const counts = new Map<string, number>();
    for (const e of a.enrollments) counts.set(e.course, (counts.get(e.course) ?? 0) + 1);
    const sorted = [...counts.values()].sort((x, y) => y - x);
    expect(sorted[0]!).toBeGreaterThan(20 * sorted[Math.floor(sorted.length * 0.8)]!);
    expect(new Set(a.enrollments.map((e) => e.term.split(" ")[0]))).toEqual(
      new Set(["Spring", "Summer", "Fall"]),
    );
    expect(a.planted.substitutes.length).toBeGreaterThan(0);
    expect(a.planted.substitutes.every((g) => g.codes.length >= 2)).toBe(true);
  });
});
