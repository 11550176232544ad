import { insertRows, type Tx } from "../db/bulk";
import type { ImportData } from "./read";

/**
 * Upserts one institution's catalog by code (ids stay stable, so trained models survive a
 * re-import) and deletes its courses the new export no longer has, with their model rows.
 * Returns code → id.
 */
export async function upsertCourses(
  tx: Tx,
  data: ImportData,
  postgres: boolean,
  institutionId: number,
): Promise<Map<string, number>> {
  const rows = data.courses.map((c) => [
    institutionId,
    c.course,
    c.subject,
    numberOf(c.course, c.subject),
    c.title,
    c.description,
    c.units,
    c.level,
    c.levelRank,
    c.offered.join(";"),
    c.inCatalog,
  ]);
  const cols = [
    "institutionId",
    "code",
    "subjectCode",
    "number",
    "title",
    "description",
    "units",
    "level",
    "levelRank",
    "offered",
    "inCatalog",
  ];
  const updates = cols
    .slice(2)
    .map((c) => `"${c}" = excluded."${c}"`)
    .join(", ");
  await insertRows(tx, "Course", cols, rows, {
    postgres,
    onConflict: `ON CONFLICT ("institutionId", "code") DO UPDATE SET ${updates}`,
  });
  const existing = await tx.course.findMany({ where: { institutionId }, select: { id: true, code: true } });
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
  await tx.subject.deleteMany({ where: { institutionId, courses: { none: {} } } });
  return new Map(existing.filter((c) => wanted.has(c.code)).map((c) => [c.code, c.id]));
}

/** The catalog number: the code without its subject prefix (`COMPSCI 61A` → `61A`). */
export function numberOf(code: string, subject: string): string {
  return code.startsWith(subject) ? code.slice(subject.length).replace(/^[\s\-_.]+/, "") || code : code;
}
