import type { Db } from "../db/client";
import { insertRows, type Tx } from "../db/bulk";
import { isPostgresDb } from "../db/client";
import type { ImportData } from "./read";
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
};

export type WriteProgress = (phase: string, done: number, total: number) => void;

/**
 * Writes a validated import in one transaction: catalog rows are upserted by code (ids stay stable,
 * so trained models survive a re-import), enrollment-side tables are replaced. Importing the same
 * files twice leaves the database as it was.
 */
export async function writeImport(
  db: Db,
  data: ImportData,
  minStudents: number,
  onProgress?: WriteProgress,
): Promise<ImportSummary> {
  const last = await db.importRun.findFirst({ orderBy: { id: "desc" } });
  const transitions = countTransitions(
    data.enrollStudent,
    data.enrollCourse,
    data.enrollTerm,
    data.courses.length,
    minStudents,
  );
  const summary: ImportSummary = {
    courses: data.courses.length,
    subjects: data.subjects.size,
    students: data.studentHashes.length,
    enrollments: data.enrollmentCount,
    terms: data.terms.size,
    transitions: transitions.length,
    dataHash: data.dataHash,
    unchanged: last?.dataHash === data.dataHash,
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
      const batch = 50_000;
      for (let start = 0; start < total; start += batch) {
        const rows: unknown[][] = [];
        for (let i = start; i < Math.min(total, start + batch); i++) {
          rows.push([
            data.enrollStudent[i]! + 1,
            idAt(data.enrollCourse[i]!),
            termIds.get(data.enrollTerm[i]!)!,
            data.grades[data.enrollGrade[i]!] ?? null,
          ]);
        }
        await insertRows(tx, "Enrollment", ["studentId", "courseId", "termId", "grade"], rows, { postgres });
        onProgress?.("enrollments", Math.min(total, start + batch), total);
      }

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
      await tx.importRun.create({
        data: {
          dataHash: data.dataHash,
          courses: summary.courses,
          students: summary.students,
          enrollments: summary.enrollments,
        },
      });
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
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

async function upsertCourses(tx: Tx, data: ImportData, postgres: boolean): Promise<Map<string, number>> {
  const rows = data.courses.map((c) => [
    c.course,
    c.subject,
    numberOf(c.course, c.subject),
    c.title,
    c.description,
    c.units,
    c.level,
    c.levelRank,
    c.offered.join(";"),
  ]);
  const cols = [
    "code",
    "subjectCode",
    "number",
    "title",
    "description",
    "units",
    "level",
    "levelRank",
    "offered",
  ];
  const updates = cols
    .slice(1)
    .map((c) => `"${c}" = excluded."${c}"`)
    .join(", ");
  await insertRows(tx, "Course", cols, rows, {
    postgres,
    onConflict: `ON CONFLICT ("code") DO UPDATE SET ${updates}`,
  });
  const existing = await tx.course.findMany({ select: { id: true, code: true } });
  const wanted = new Set(data.courses.map((c) => c.course));
  const retired = existing.filter((c) => !wanted.has(c.code)).map((c) => c.id);
  for (let i = 0; i < retired.length; i += 500) {
    const ids = retired.slice(i, i + 500);
    await tx.course.deleteMany({ where: { id: { in: ids } } });
    await tx.similarCourse.deleteMany({
      where: { OR: [{ courseId: { in: ids } }, { similarId: { in: ids } }] },
    });
    await tx.courseVector.deleteMany({ where: { courseId: { in: ids } } });
    await tx.courseSubjectScore.deleteMany({ where: { courseId: { in: ids } } });
  }
  await tx.subject.deleteMany({ where: { courses: { none: {} } } });
  return new Map(existing.filter((c) => wanted.has(c.code)).map((c) => [c.code, c.id]));
}

/** The catalog number: the code without its subject prefix (`COMPSCI 61A` → `61A`). */
export function numberOf(code: string, subject: string): string {
  return code.startsWith(subject) ? code.slice(subject.length).replace(/^[\s\-_.]+/, "") || code : code;
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
