import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUniversity, ImportError } from "@/lib/ingest";
import { formatWarningCounts } from "@/lib/ingest/warnings";
import { getCourseDetail } from "@/lib/queries/courses";
import { listImportReports } from "@/lib/queries/imports";
import { dumpTables, makeTempDb, SALT, writeFile, type TempDb } from "../helpers";
import { resolveInstitution } from "@/lib/institution";

// A real export's first try: titles missing, units missing, a ten-year history naming retired courses.
const CATALOG = [
  "course,subject,title,units,prerequisites",
  "COMPSCI 61A,COMPSCI,Structure and Interpretation,4,",
  "COMPSCI 61B,COMPSCI,,4,COMPSCI 61A;COMPSCI 3",
  "MATH 1A,MATH,,,",
  "6.1010,EECS,Fundamentals of Programming,12,",
].join("\n");

const ENROLLMENTS = [
  "student,term,course",
  "S1,Fall 2014,COMPSCI 3",
  "S2,Fall 2014,COMPSCI 3",
  "S2,Spring 2015,6.001",
  "S1,Spring 2015,COMPSCI 61B",
  "S3,Fall 2019,MATH 1A",
  "S3,Fall 2019,COMPSCI 61A",
].join("\n");

let t: TempDb;
const files = (catalog = CATALOG, enrollments = ENROLLMENTS) => ({
  catalog: writeFile(t.dir, "courses.csv", catalog),
  enrollments: writeFile(t.dir, "enrollments.csv", enrollments),
});

beforeAll(async () => {
  t = await makeTempDb();
});
afterAll(async () => t.cleanup());

describe("import policy", () => {
  it("refuses the whole import under --strict, listing each warning by line, and writes nothing", async () => {
    const before = await dumpTables(t.db);
    const err = await importUniversity(t.db, files(), { salt: SALT, minStudents: 1, strict: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    const message = (err as Error).message;
    expect(message).toMatch(/^Import failed: 5 problems; nothing was written\./);
    expect(message).toContain("courses.csv:3: title: COMPSCI 61B: empty-title (an error under --strict)");
    expect(message).toContain("courses.csv:4: units: MATH 1A: empty-units (an error under --strict)");
    expect(message).toContain(
      "enrollments.csv:2: course: COMPSCI 3: not-in-catalog (an error under --strict)",
    );
    expect(await dumpTables(t.db)).toBe(before);
  });

  it("imports what is only suspicious, reports each root cause once, and marks retired courses", async () => {
    const messages: string[] = [];
    const s = await importUniversity(t.db, files(), {
      salt: SALT,
      minStudents: 1,
      onWarning: (m) => messages.push(m),
    });
    expect(s).toMatchObject({ courses: 6, enrollments: 6, students: 3, unchanged: false });
    expect(s.warnings.map((w) => [w.kind, w.count, w.rows])).toEqual([
      ["empty-title", 2, 2],
      ["empty-units", 1, 1],
      ["not-in-catalog", 2, 3],
    ]);
    // The prerequisite on COMPSCI 3 resolves to the retired course, so it is not a warning.
    expect(await t.db.prerequisite.count()).toBe(2);
    expect(messages[0]).toBe(
      "2 courses with an empty title (the code is shown instead), e.g. courses.csv:3 COMPSCI 61B; courses.csv:4 MATH 1A",
    );
    expect(formatWarningCounts(s.warnings)).toBe("Warnings: empty-title 2, empty-units 1, not-in-catalog 2.");

    const retired = await t.db.course.findFirstOrThrow({ where: { code: "COMPSCI 3" } });
    expect(retired).toMatchObject({
      inCatalog: false,
      subjectCode: "COMPSCI",
      title: "COMPSCI 3",
      students: 2,
    });
    // MIT-style codes: the subject comes from the catalog courses that share the prefix "6".
    expect((await t.db.course.findFirstOrThrow({ where: { code: "6.001" } })).subjectCode).toBe("EECS");
    expect((await t.db.course.findFirstOrThrow({ where: { code: "COMPSCI 61B" } })).title).toBe(
      "COMPSCI 61B",
    );
    const inst = (await resolveInstitution(t.db)).id;
    const page = await getCourseDetail(t.db, inst, "COMPSCI 3");
    expect(page.inCatalog).toBe(false);
    expect(page.requiredBy.map((c) => c.code)).toEqual(["COMPSCI 61B"]);

    const [report] = await listImportReports(t.db, inst);
    expect(report!.counts).toEqual({ courses: 6, subjects: 3, students: 3, enrollments: 6, terms: 3 });
    expect(report!.files.map((f) => [f.kind, f.name, f.rows])).toEqual([
      ["catalog", "courses.csv", 4],
      ["enrollments", "enrollments.csv", 6],
    ]);
    expect(report!.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report!.warnings.find((w) => w.kind === "not-in-catalog")!.examples.map((x) => x.detail)).toEqual([
      "COMPSCI 3",
      "6.001",
    ]);
    expect(report!.calendar).toBe("semester system, Fall term (detected)");
    expect(JSON.stringify(report)).not.toMatch(/\bS[123]\b/);
  });

  it("reports a bad catalog row once, not again for every enrollment in that course", async () => {
    const catalog = CATALOG.replace("MATH 1A,MATH,,,", "MATH 1A,MATH,Calculus,four,");
    const enrollments = `${ENROLLMENTS}\nS4,Fall 2019,MATH 1A\nS5,Fall 2019,MATH 1A`;
    const err = await importUniversity(t.db, files(catalog, enrollments), {
      salt: SALT,
      minStudents: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).problems.total).toBe(1);
    expect((err as Error).message).toContain(
      'courses.csv:4: units: units must be a number from 0 to 100 or empty, got "four"',
    );
  });

  it("lists the model runs trained on each import: those started before the next import", async () => {
    const inst = (await resolveInstitution(t.db)).id;
    const run = await t.db.modelRun.create({
      data: { institutionId: inst, kind: "rnn", status: "finished", isActive: true },
    });
    await importUniversity(t.db, files(CATALOG, `${ENROLLMENTS}\nS6,Fall 2019,MATH 1A`), {
      salt: SALT,
      minStudents: 1,
    });
    const [latest, earlier] = await listImportReports(t.db, inst);
    expect(latest!.modelRuns).toEqual([]);
    expect(earlier!.modelRuns).toEqual([{ id: run.id, kind: "rnn", status: "finished", isActive: true }]);
  });
});
