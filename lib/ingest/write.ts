import type { Db } from "../db/client";
import { insertRows, type Tx } from "../db/bulk";
import { isPostgresDb } from "../db/client";
import { insertJsonRows } from "./bulk-json";
import { upsertCourses } from "./write-catalog";
import { formatCalendar } from "./calendar";
import type { ImportData } from "./read";
import type { WarningEntry } from "./warnings";
import { countStudentsPerCourse, countTransitions } from "./transitions";

export type ImportSummary = {
  courses: number;
  subjects: number;
  students: number;
  enrollments: number;
  terms: number;
  transitions: number;
  dataHash: string;
  unchanged: boolean;
  importRunId: number | null;
  calendar: string;
  calendarSource: "detected" | "configured";
  files: ImportData["files"];
  warnings: WarningEntry[];
};

export type WriteProgress = (phase: string, done: number, total: number) => void;
export type PhaseListener = (phase: string) => void;

/**
 * Writes a validated import in one transaction: catalog rows are upserted by code (ids stay stable,
 * so trained models survive a re-import), enrollment-side tables are replaced. Importing the same
 * files twice leaves the database as it was.
 */
export async function writeImport(
  db: Db,
  data: ImportData,
  minStudents: number,
  opts: { onProgress?: WriteProgress; onPhase?: PhaseListener; startedAt?: number } = {},
): Promise<ImportSummary> {
  const { onProgress, onPhase, startedAt = Date.now() } = opts;
  const last = await db.importRun.findFirst({ orderBy: { id: "desc" } });
  const transitions = countTransitions(
    data.enrollStudent,
    data.enrollCourse,
    data.enrollTerm,
    data.courses.length,
    minStudents,
  );
  onPhase?.("transitions");
  const summary: ImportSummary = {
    courses: data.courses.length,
    subjects: data.subjects.size,
    students: data.studentHashes.length,
    enrollments: data.enrollmentCount,
    terms: data.terms.size,
    transitions: transitions.length,
    dataHash: data.dataHash,
    unchanged: last?.dataHash === data.dataHash,
    importRunId: last?.dataHash === data.dataHash ? last.id : null,
    calendar: formatCalendar(data.calendar),
    calendarSource: data.calendarSource,
    files: data.files,
    warnings: data.warnings.entries,
  };
  if (summary.unchanged) return summary;
  const postgres = isPostgresDb(db);

  await db.$transaction(
    async (tx) => {
      for (const t of [
        "Enrollment",
        "CourseTransition",
        "Student",
        "Term",
        "CrossListing",
        "Prerequisite",
        "RequirementCourse",
        "Requirement",
        "Program",
      ]) {
        await tx.$executeRawUnsafe(`DELETE FROM "${t}"`);
      }
      await insertRows(
        tx,
        "Subject",
        ["code", "name", "division"],
        [...data.subjects].map(([code, s]) => [code, s.name, s.division]),
        {
          postgres,
          onConflict: `ON CONFLICT ("code") DO UPDATE SET "name" = excluded."name", "division" = excluded."division"`,
        },
      );
      const courseIds = await upsertCourses(tx, data, postgres);
      onPhase?.("write catalog");
      const idOf = (code: string) => courseIds.get(code)!;
      const idAt = (i: number) => idOf(data.courses[i]!.course);

      const termIds = new Map<number, number>();
      const termRows = [...data.terms].sort((a, b) => a[0] - b[0]);
      await insertRows(
        tx,
        "Term",
        ["id", "label", "ordinal"],
        termRows.map(([ord, label], i) => [i + 1, label, ord]),
        { postgres },
      );
      termRows.forEach(([ord], i) => termIds.set(ord, i + 1));

      await insertRows(
        tx,
        "Student",
        ["id", "hash", "majors"],
        data.studentHashes.map((h, i) => [i + 1, h, data.studentMajors[i]!.join(";")]),
        { postgres },
      );

      const total = data.enrollmentCount;
      const courseIdAt = Int32Array.from(data.courses, (c) => idOf(c.course));
      const termIdAt = termIds;
      const gradeJson = data.grades.map((g) => Buffer.from(`,${JSON.stringify(g)}]`));
      await insertJsonRows(
        tx,
        "Enrollment",
        [
          { name: "studentId", type: "integer" },
          { name: "courseId", type: "integer" },
          { name: "termId", type: "integer" },
          { name: "grade", type: "text" },
        ],
        total,
        (i, out) => {
          out.byte(0x5b);
          out.int(data.enrollStudent[i]! + 1);
          out.byte(0x2c);
          out.int(courseIdAt[data.enrollCourse[i]!]!);
          out.byte(0x2c);
          out.int(termIdAt.get(data.enrollTerm[i]!)!);
          out.bytes(gradeJson[data.enrollGrade[i]!]!);
        },
        { postgres, onProgress: (done) => onProgress?.("enrollments", done, total) },
      );

      onPhase?.("write enrollments");
      const pairs = new Set<string>();
      const crossRows: number[][] = [];
      for (const [a, b] of data.crossListings) {
        for (const [x, y] of [
          [a, b],
          [b, a],
        ] as const) {
          const k = `${x}\u0000${y}`;
          if (!pairs.has(k)) {
            crossRows.push([idOf(x), idOf(y)]);
            pairs.add(k);
          }
        }
      }
      await insertRows(tx, "CrossListing", ["courseId", "partnerId"], crossRows, { postgres });
      const prereqRows = dedupe(data.prerequisites.map(([c, p]) => [idOf(c), idOf(p)]));
      await insertRows(tx, "Prerequisite", ["courseId", "requiredId"], prereqRows, { postgres });
      await insertRows(
        tx,
        "CourseTransition",
        ["courseId", "nextId", "students"],
        transitions.map(([a, b, n]) => [idAt(a), idAt(b), n]),
        { postgres },
      );

      await writeRequirements(tx, data, idOf, postgres);
      await updateCourseStudentCounts(tx, data, idAt);
      const run = await tx.importRun.create({
        data: {
          dataHash: data.dataHash,
          courses: summary.courses,
          students: summary.students,
          enrollments: summary.enrollments,
          subjects: summary.subjects,
          terms: summary.terms,
          durationMs: Date.now() - startedAt,
          calendar: summary.calendar,
          calendarSource: summary.calendarSource,
          files: JSON.stringify(summary.files),
          warnings: JSON.stringify(summary.warnings),
        },
      });
      summary.importRunId = run.id;
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
  onPhase?.("write rest and commit");
  return summary;
}

function dedupe(rows: number[][]): number[][] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.join(",");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function writeRequirements(
  tx: Tx,
  data: ImportData,
  idOf: (code: string) => number,
  postgres: boolean,
): Promise<void> {
  const programs = [...new Set(data.requirements.map((r) => r.program))];
  await insertRows(
    tx,
    "Program",
    ["id", "name"],
    programs.map((p, i) => [i + 1, p]),
    { postgres },
  );
  const programId = new Map(programs.map((p, i) => [p, i + 1]));
  await insertRows(
    tx,
    "Requirement",
    ["id", "programId", "name", "count"],
    data.requirements.map((r, i) => [i + 1, programId.get(r.program)!, r.requirement, r.count]),
    { postgres },
  );
  await insertRows(
    tx,
    "RequirementCourse",
    ["requirementId", "courseId"],
    data.requirements.flatMap((r, i) => r.courses.map((c) => [i + 1, idOf(c)])),
    { postgres },
  );
}

async function updateCourseStudentCounts(
  tx: Tx,
  data: ImportData,
  idAt: (i: number) => number,
): Promise<void> {
  const counts = countStudentsPerCourse(
    data.enrollStudent.subarray(0, data.enrollmentCount),
    data.enrollCourse.subarray(0, data.enrollmentCount),
    data.courses.length,
  );
  await tx.$executeRawUnsafe(`UPDATE "Course" SET "students" = 0`);
  // One UPDATE … CASE per chunk keeps this to a handful of statements.
  const rows = [...counts].map((n, c) => [idAt(c), n] as const).filter(([, n]) => n > 0);
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const cases = chunk.map(([id, n]) => `WHEN ${id} THEN ${n}`).join(" ");
    await tx.$executeRawUnsafe(
      `UPDATE "Course" SET "students" = CASE "id" ${cases} END WHERE "id" IN (${chunk.map(([id]) => id).join(",")})`,
    );
  }
}
