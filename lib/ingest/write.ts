import type { Db } from "../db/client";
import { insertRows, type Tx } from "../db/bulk";
import { isPostgresDb } from "../db/client";
import { insertJsonRows } from "./bulk-json";
import { upsertCourses } from "./write-catalog";
import { formatCalendar } from "./calendar";
import type { ImportData } from "./read";
import type { WarningEntry } from "./warnings";
import { countStudentsPerCourse, countTransitions } from "./transitions";
import { chooseImportInstitution, ensureInstitution, type InstitutionChoice } from "../institution";

export type ImportSummary = {
  /** The institution's code: an import replaces that institution's data and no other's. */
  institution: string;
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

export type WriteOptions = {
  onProgress?: WriteProgress;
  onPhase?: PhaseListener;
  startedAt?: number;
  /** Default: the primary institution, created as UNIV "University" in an empty database. */
  institution?: InstitutionChoice;
};

/**
 * Writes a validated import of one institution in one transaction: its catalog rows are upserted by
 * code (ids stay stable, so trained models survive a re-import), its enrollment-side tables are
 * replaced; other institutions' rows are not touched. Importing the same files twice leaves the
 * database as it was.
 */
export async function writeImport(
  db: Db,
  data: ImportData,
  minStudents: number,
  opts: WriteOptions = {},
): Promise<ImportSummary> {
  const { onProgress, onPhase, startedAt = Date.now() } = opts;
  const target = await chooseImportInstitution(db, opts.institution);
  const last = target.existing
    ? await db.importRun.findFirst({ where: { institutionId: target.existing.id }, orderBy: { id: "desc" } })
    : null;
  const transitions = countTransitions(
    data.enrollStudent,
    data.enrollCourse,
    data.enrollTerm,
    data.courses.length,
    minStudents,
  );
  onPhase?.("transitions");
  const summary: ImportSummary = {
    institution: target.code,
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
  if (summary.unchanged) {
    if (target.name && target.name !== target.existing?.name)
      await ensureInstitution(db, target.code, target.name);
    return summary;
  }
  const postgres = isPostgresDb(db);

  await db.$transaction(
    async (tx) => {
      const institutionId = (await ensureInstitution(tx, target.code, target.name)).id;
      await deleteInstitutionRows(tx, institutionId);
      // Ids are explicit (enrollments are written by index); they follow the other institutions'.
      const [termBase, studentBase] = await Promise.all([maxId(tx, "Term"), maxId(tx, "Student")]);
      await insertRows(
        tx,
        "Subject",
        ["institutionId", "code", "name", "division"],
        [...data.subjects].map(([code, s]) => [institutionId, code, s.name, s.division]),
        {
          postgres,
          onConflict: `ON CONFLICT ("institutionId", "code") DO UPDATE SET "name" = excluded."name", "division" = excluded."division"`,
        },
      );
      const courseIds = await upsertCourses(tx, data, postgres, institutionId);
      onPhase?.("write catalog");
      const idOf = (code: string) => courseIds.get(code)!;
      const idAt = (i: number) => idOf(data.courses[i]!.course);

      const termIds = new Map<number, number>();
      const termRows = [...data.terms].sort((a, b) => a[0] - b[0]);
      await insertRows(
        tx,
        "Term",
        ["id", "institutionId", "label", "ordinal"],
        termRows.map(([ord, label], i) => [termBase + i + 1, institutionId, label, ord]),
        { postgres },
      );
      termRows.forEach(([ord], i) => termIds.set(ord, termBase + i + 1));

      await insertRows(
        tx,
        "Student",
        ["id", "institutionId", "hash", "majors"],
        data.studentHashes.map((h, i) => [
          studentBase + i + 1,
          institutionId,
          h,
          data.studentMajors[i]!.join(";"),
        ]),
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
          out.int(studentBase + data.enrollStudent[i]! + 1);
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

      await writeRequirements(tx, data, idOf, postgres, institutionId);
      await updateCourseStudentCounts(tx, data, idAt, institutionId);
      const run = await tx.importRun.create({
        data: {
          institutionId,
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

/**
 * Deletes one institution's enrollment side (students, terms, enrollments, transitions, cross-listings,
 * prerequisites, programs): what a new export replaces. Its catalog is upserted instead.
 */
async function deleteInstitutionRows(tx: Tx, institutionId: number): Promise<void> {
  const id = Math.trunc(institutionId); // an id from our own row, inlined as a number
  const courses = `SELECT "id" FROM "Course" WHERE "institutionId" = ${id}`;
  const programs = `SELECT "id" FROM "Program" WHERE "institutionId" = ${id}`;
  for (const sql of [
    `DELETE FROM "Enrollment" WHERE "studentId" IN (SELECT "id" FROM "Student" WHERE "institutionId" = ${id})`,
    `DELETE FROM "CourseTransition" WHERE "courseId" IN (${courses})`,
    `DELETE FROM "Student" WHERE "institutionId" = ${id}`,
    `DELETE FROM "Term" WHERE "institutionId" = ${id}`,
    `DELETE FROM "CrossListing" WHERE "courseId" IN (${courses})`,
    `DELETE FROM "Prerequisite" WHERE "courseId" IN (${courses})`,
    `DELETE FROM "RequirementCourse" WHERE "requirementId" IN (SELECT "id" FROM "Requirement" WHERE "programId" IN (${programs}))`,
    `DELETE FROM "Requirement" WHERE "programId" IN (${programs})`,
    `DELETE FROM "Program" WHERE "institutionId" = ${id}`,
  ])
    await tx.$executeRawUnsafe(sql);
}

async function maxId(tx: Tx, table: "Term" | "Student" | "Program" | "Requirement"): Promise<number> {
  const rows = await tx.$queryRawUnsafe<{ m: number | bigint | null }[]>(
    `SELECT MAX("id") AS m FROM "${table}"`,
  );
  return Number(rows[0]?.m ?? 0);
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
  institutionId: number,
): Promise<void> {
  const programs = [...new Set(data.requirements.map((r) => r.program))];
  const [programBase, requirementBase] = await Promise.all([maxId(tx, "Program"), maxId(tx, "Requirement")]);
  await insertRows(
    tx,
    "Program",
    ["id", "institutionId", "name"],
    programs.map((p, i) => [programBase + i + 1, institutionId, p]),
    { postgres },
  );
  const programId = new Map(programs.map((p, i) => [p, programBase + i + 1]));
  await insertRows(
    tx,
    "Requirement",
    ["id", "programId", "name", "count"],
    data.requirements.map((r, i) => [
      requirementBase + i + 1,
      programId.get(r.program)!,
      r.requirement,
      r.count,
    ]),
    { postgres },
  );
  await insertRows(
    tx,
    "RequirementCourse",
    ["requirementId", "courseId"],
    data.requirements.flatMap((r, i) => r.courses.map((c) => [requirementBase + i + 1, idOf(c)])),
    { postgres },
  );
}

async function updateCourseStudentCounts(
  tx: Tx,
  data: ImportData,
  idAt: (i: number) => number,
  institutionId: number,
): Promise<void> {
  const counts = countStudentsPerCourse(
    data.enrollStudent.subarray(0, data.enrollmentCount),
    data.enrollCourse.subarray(0, data.enrollmentCount),
    data.courses.length,
  );
  await tx.$executeRawUnsafe(
    `UPDATE "Course" SET "students" = 0 WHERE "institutionId" = ${Math.trunc(institutionId)}`,
  );
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
