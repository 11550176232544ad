import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUniversity, ImportError } from "@/lib/ingest";
import { loadMapping, MappingError } from "@/lib/ingest/mapping";
import { simulateUniversity } from "@/lib/simulate";
import { makeTempDb, SALT, writeFile, type TempDb } from "../helpers";

const sim = { seed: 5, students: 120, years: 3, perSubject: 6, startYear: 2019 };
let ours: TempDb;
let theirs: TempDb;

beforeAll(async () => {
  [ours, theirs] = await Promise.all([makeTempDb(), makeTempDb()]);
});
afterAll(async () => Promise.all([ours.cleanup(), theirs.cleanup()]));

const snapshot = async (t: TempDb) => ({
  courses: (await t.db.course.findMany({ orderBy: { code: "asc" } })).map((c) => [
    c.code,
    c.subjectCode,
    c.title,
    c.units,
  ]),
  terms: (await t.db.term.findMany({ orderBy: { ordinal: "asc" } })).map((x) => x.label),
  enrollments: await t.db.enrollment.count(),
  students: (await t.db.student.findMany({ orderBy: { hash: "asc" } })).map((s) => [s.hash, s.majors]),
});

describe("SIS exports", () => {
  it("imports the simulator's PeopleSoft-shaped export through the example mapping as the same university", async () => {
    const csv = simulateUniversity(sim, path.join(ours.dir, "csv"));
    const ps = simulateUniversity({ ...sim, format: "peoplesoft" }, path.join(theirs.dir, "ps"));
    const header = fs.readFileSync(ps.files.enrollments, "utf8").split("\n", 2);
    expect(header[0]).toBe("EMPLID,STRM,SUBJECT,CATALOG_NBR,ACAD_PLAN,CRSE_GRADE_OFF");
    expect(header[1]).toMatch(/^\w+,2\d\d[258],[A-Z]+, *\w+,/);

    await importUniversity(
      ours.db,
      { catalog: csv.files.catalog, enrollments: csv.files.enrollments },
      {
        salt: SALT,
        minStudents: 1,
      },
    );
    const warnings: string[] = [];
    const summary = await importUniversity(
      theirs.db,
      { catalog: ps.files.catalog, enrollments: ps.files.enrollments },
      {
        salt: SALT,
        minStudents: 1,
        mapping: loadMapping("docs/import-mappings/peoplesoft.json"),
        onWarning: (w) => warnings.push(w),
      },
    );
    expect(warnings).toEqual([]);
    expect(summary.enrollments).toBe(csv.enrollments);
    const [a, b] = [await snapshot(ours), await snapshot(theirs)];
    expect(b.terms).toEqual(a.terms);
    expect(b.courses).toEqual(a.courses);
    expect(b.enrollments).toBe(a.enrollments);
    expect(b.students).toEqual(a.students);
  });

  it("reads Banner-style columns, term codes and major codes from a YAML mapping", async () => {
    const t = await makeTempDb();
    try {
      const f = {
        catalog: writeFile(
          t.dir,
          "scbcrse.csv",
          "SUBJ_CODE,CRSE_NUMB,CRSE_TITLE,CREDIT_HR_HIGH\nCOSC,101,Intro,3\nMATH,201,Proofs,4\n",
        ),
        enrollments: writeFile(
          t.dir,
          "sfrstcr.csv",
          "ID,TERM_CODE,SUBJ_CODE,CRSE_NUMB,MAJR_CODE\nA1,201980,COSC,101,COSC\nA1,202010,MATH,201,COSC\nA2,202010,COSC,099,MATH\n",
        ),
      };
      const summary = await importUniversity(t.db, f, {
        salt: SALT,
        minStudents: 1,
        mapping: loadMapping("docs/import-mappings/banner.yaml"),
      });
      expect(summary.warnings.map((w) => [w.kind, w.count])).toEqual([["not-in-catalog", 1]]);
      expect((await t.db.term.findMany({ orderBy: { ordinal: "asc" } })).map((x) => x.label)).toEqual([
        "Fall 2019",
        "Spring 2020",
      ]);
      expect((await t.db.student.findMany()).map((s) => s.majors).sort()).toEqual([
        "Computer Science",
        "Mathematics",
      ]);
      expect(await t.db.course.findFirstOrThrow({ where: { code: "COSC 099" } })).toMatchObject({
        inCatalog: false,
        subjectCode: "COSC",
      });

      const bad = {
        ...f,
        enrollments: writeFile(t.dir, "bad.csv", "ID,TERM_CODE,SUBJ_CODE,CRSE_NUMB\nA1,201990,COSC,101\n"),
      };
      const err = await importUniversity(t.db, bad, {
        salt: SALT,
        minStudents: 1,
        mapping: loadMapping("docs/import-mappings/banner.yaml"),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toContain(
        'bad.csv:2: TERM_CODE: term code "201990": term digits 90 not in the season table',
      );
    } finally {
      await t.cleanup();
    }
  });

  it("names the file and field of a bad mapping", () => {
    const dir = ours.dir;
    expect(() => loadMapping(writeFile(dir, "m.json", '{"catalog": {"cours": "X"}}'))).toThrow(MappingError);
    expect(() => loadMapping(writeFile(dir, "m.json", '{"catalog": {"cours": "X"}}'))).toThrow(
      /^m\.json: catalog: Unrecognized key: "cours"/,
    );
    expect(() => loadMapping(writeFile(dir, "m.yaml", "terms: { preset: workday }"))).toThrow(
      /^m\.yaml: terms\.preset: /,
    );
  });
});
