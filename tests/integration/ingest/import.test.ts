import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUniversity, ImportError } from "@/lib/ingest";
import { dumpTables, makeTempDb, SALT, writeFile, type TempDb } from "../helpers";

const CATALOG = [
  "course,subject,title,subject_name,description,units,level,cross_listed,prerequisites,offered",
  'COMPSCI 61A,COMPSCI,Structure and Interpretation,Computer Science,"Programs, abstraction, and ""recursion""",4,lower,,,Fall;Spring',
  "COMPSCI 61B,COMPSCI,Data Structures,Computer Science,,4,lower,,COMPSCI 61A;COMPSCI 1,Fall",
  "STAT C100,STAT,Data Science,Statistics,,4,upper,DATA C100;RETIRED 1,,Spring",
  "DATA C100,DATA,Data Science,Data Science,,4,upper,STAT C100,,Spring",
  "6.1010,EECS,Fundamentals of Programming,,,12,U,,,",
  "1.00,CEE,Engineering Computation,,,,,,,",
  "1.000,CEE,Engineering Computation (half),,,,,,,",
  "CS-101,CS,Intro,,,3,G,,,",
].join("\n");

const ENROLLMENTS = [
  "student,term,course,major,grade",
  "S0001,Fall 2019,COMPSCI 61A,COMPSCI,A",
  "S0001,Spring 2020,COMPSCI 61B,COMPSCI,B+",
  "S0001,2020 fall,DATA C100,COMPSCI,",
  "S0002,fall-2019,COMPSCI 61A,STAT;DATA,A-",
  "S0002,Spring 2020,STAT C100,STAT;DATA,",
  "S0003,Fall 2019,1.00,,",
  "S0003,Fall 2019,1.000,,",
].join("\r\n");

const REQUIREMENTS = [
  "program,requirement,course,count",
  "CS BA,Lower core,COMPSCI 61A,2",
  "CS BA,Lower core,COMPSCI 61B,2",
].join("\n");

let t: TempDb;
const opts = { salt: SALT, minStudents: 1 };

beforeAll(async () => {
  t = await makeTempDb();
});
afterAll(async () => t.cleanup());

function files(catalog = CATALOG, enrollments = ENROLLMENTS, requirements: string | null = REQUIREMENTS) {
  return {
    catalog: writeFile(t.dir, "courses.csv", catalog),
    enrollments: writeFile(t.dir, "enrollments.csv", enrollments),
    requirements: requirements === null ? undefined : writeFile(t.dir, "requirements.csv", requirements),
  };
}

async function expectRejected(f: ReturnType<typeof files>, ...messages: string[]) {
  const before = await dumpTables(t.db);
  const err = await importUniversity(t.db, f, opts).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  for (const m of messages) expect((err as Error).message).toContain(m);
  expect(await dumpTables(t.db)).toBe(before);
}

describe("import", () => {
  it("imports a valid university: quoted fields, CRLF, opaque codes, hashed ids", async () => {
    const warnings: string[] = [];
    const summary = await importUniversity(t.db, files(), { ...opts, onWarning: (w) => warnings.push(w) });
    expect(summary).toMatchObject({ courses: 8, students: 3, enrollments: 7, terms: 3, unchanged: false });
    const codes = (await t.db.course.findMany()).map((c) => c.code).sort();
    expect(codes).toEqual([
      "1.00",
      "1.000",
      "6.1010",
      "COMPSCI 61A",
      "COMPSCI 61B",
      "CS-101",
      "DATA C100",
      "STAT C100",
    ]);
    const a = await t.db.course.findFirstOrThrow({ where: { code: "COMPSCI 61A" } });
    expect(a.description).toBe('Programs, abstraction, and "recursion"');
    expect(a.students).toBe(2);
    expect(await t.db.crossListing.count()).toBe(2);
    expect(await t.db.prerequisite.count()).toBe(1);
    expect(warnings.join("\n")).toMatch(
      /^2 cross-listings or prerequisites naming codes not in the catalog \(skipped\), e\.g\. courses\.csv:3 COMPSCI 61B → COMPSCI 1; courses\.csv:4 STAT C100 → RETIRED 1$/m,
    );
    expect(summary.warnings.map((w) => [w.kind, w.count])).toEqual([
      ["empty-units", 2],
      ["unknown-reference", 2],
    ]);
    const dump = await dumpTables(t.db);
    for (const raw of ["S0001", "S0002", "S0003"]) expect(dump).not.toContain(raw);
    const s = await t.db.student.findFirstOrThrow({ where: { majors: "STAT;DATA" } });
    expect(s.hash).toHaveLength(32);
    const req = await t.db.requirement.findFirstOrThrow({ include: { courses: true } });
    expect(req).toMatchObject({ name: "Lower core", count: 2 });
    expect(req.courses).toHaveLength(2);
  });

  it("is idempotent: the same files again change nothing", async () => {
    const before = await dumpTables(t.db);
    const summary = await importUniversity(t.db, files(), opts);
    expect(summary.unchanged).toBe(true);
    expect(await dumpTables(t.db)).toBe(before);
  });

  it("accepts a UTF-8 BOM and warns once about unknown columns", async () => {
    const warnings: string[] = [];
    const catalog = "\uFEFFCourse,Subject,Title,Room\nX 1,X,Thing,101\n";
    const enrollments = "STUDENT,Term,Course,extra\nA1,Fall 2020,X 1,z\nA2,Fall 2020,X 1,z\n";
    const f = {
      catalog: writeFile(t.dir, "bom-courses.csv", catalog),
      enrollments: writeFile(t.dir, "bom-enrollments.csv", enrollments),
    };
    const other = await makeTempDb();
    try {
      const summary = await importUniversity(other.db, f, { ...opts, onWarning: (w) => warnings.push(w) });
      expect(summary.enrollments).toBe(2);
      // One warning for the root cause, however many files and columns it touches.
      expect(warnings).toEqual([
        '2 unknown columns (ignored), e.g. bom-courses.csv:1 column "Room"; bom-enrollments.csv:1 column "extra"',
      ]);
    } finally {
      await other.cleanup();
    }
  });

  it("rejects a missing required field with file, line and column", async () => {
    await expectRejected(
      files(CATALOG.replace("COMPSCI 61B,COMPSCI,Data Structures", ",COMPSCI,Data Structures")),
      "courses.csv:3: course: course is empty",
    );
  });

  it("rejects an unknown course whose prefix no catalog course shares", async () => {
    await expectRejected(
      files(CATALOG, ENROLLMENTS + "\r\nS0004,Fall 2019,GHOST 999,,"),
      'enrollments.csv:9: course: unknown course "GHOST 999" (not in the catalog, and no catalog course shares its prefix',
    );
  });

  it("rejects a bad term, and Autumn in a file that calls that term Fall", async () => {
    await expectRejected(
      files(CATALOG, ENROLLMENTS.replace("2020 fall", "Fall 20")),
      'enrollments.csv:4: term: not a term like "Fall 2019": "Fall 20"',
    );
    await expectRejected(
      files(CATALOG, ENROLLMENTS.replace("2020 fall", "Autumn 2020")),
      'enrollments.csv:4: term: "Autumn 2020": this file calls that term Fall (line 2)',
    );
  });

  it("rejects a duplicate course code", async () => {
    await expectRejected(
      files(CATALOG + "\nCS-101,CS,Again,,,3,,,,"),
      'courses.csv:10: course: duplicate course code "CS-101"',
    );
  });

  it("rejects non-numeric units", async () => {
    await expectRejected(
      files(CATALOG.replace("Fundamentals of Programming,,,12", "Fundamentals of Programming,,,twelve")),
      'courses.csv:6: units: units must be a number from 0 to 100 or empty, got "twelve"',
    );
  });

  it("rejects an empty file", async () => {
    await expectRejected(files(CATALOG, ""), "enrollments.csv:1: -: file is empty");
  });

  it("rejects a wrong header", async () => {
    await expectRejected(
      files(CATALOG, ENROLLMENTS.replace("student,term,course", "learner,term,course")),
      "enrollments.csv:1: student: required column missing",
    );
  });

  it("rejects duplicate enrollment rows", async () => {
    await expectRejected(
      files(CATALOG, ENROLLMENTS + "\r\nS0001,Fall 2019,COMPSCI 61A,COMPSCI,A"),
      "enrollments.csv:9: course: duplicate row",
    );
  });

  it("rejects a requirement count that is not a whole number", async () => {
    await expectRejected(
      files(CATALOG, ENROLLMENTS, REQUIREMENTS.replace("COMPSCI 61B,2", "COMPSCI 61B,two")),
      "requirements.csv:3: count: count must be a whole number",
    );
  });

  it("shows the first 20 problems and counts the rest", async () => {
    const bad = Array.from({ length: 30 }, (_, i) => `S9${i},Fall 2019,NOPE ${i},,`).join("\n");
    const f = files(CATALOG, `student,term,course,major,grade\n${bad}`);
    const err = await importUniversity(t.db, f, opts).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ImportError);
    const lines = (err as Error).message.split("\n").filter((l) => l.startsWith("enrollments.csv:"));
    expect(lines).toHaveLength(20);
    expect((err as Error).message).toContain("… and 10 more problems");
  });

  it("rejects text that is not UTF-8", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("course,subject,title\nX 1,X,Caf"),
      Buffer.from([0xe9]),
      Buffer.from("\n"),
    ]);
    await expectRejected(
      { ...files(), catalog: writeFile(t.dir, "latin1.csv", latin1) },
      "latin1.csv:2: title: not valid UTF-8",
    );
  });
});
