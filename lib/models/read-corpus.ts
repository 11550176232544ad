import type { Db } from "../db/client";
import type { StudentHistory } from "../ml/vocab";

export type CatalogCourse = {
  id: number;
  code: string;
  title: string;
  subjectCode: string;
  levelRank: number;
  offered: string;
};

/** Every student's history at one institution in term order (hashed students; no raw ids exist anywhere). */
export async function loadHistories(
  db: Db,
  institutionId: number,
  onProgress?: (done: number, total: number) => void,
): Promise<StudentHistory[]> {
  const students = await db.student.findMany({
    where: { institutionId },
    select: { id: true, majors: true },
    orderBy: { id: "asc" },
  });
  const byId = new Map<number, StudentHistory>();
  for (const s of students) byId.set(s.id, { terms: [], majors: s.majors ? s.majors.split(";") : [] });
  const step = 20_000;
  // An institution's students have consecutive ids (the import writes them so): page from its first.
  const maxId = students.at(-1)?.id ?? 0;
  for (let lo = (students[0]?.id ?? 1) - 1; lo <= maxId; lo += step) {
    const rows = await db.$queryRawUnsafe<{ s: number; c: number; o: number }[]>(
      `SELECT e."studentId" AS s, e."courseId" AS c, t."ordinal" AS o FROM "Enrollment" e JOIN "Term" t ON t."id" = e."termId"
       WHERE e."studentId" > ${lo} AND e."studentId" <= ${lo + step} ORDER BY e."studentId", t."ordinal"`,
    );
    for (const r of rows) {
      const h = byId.get(Number(r.s));
      if (!h) continue; // another institution's student in the id range
      const o = Number(r.o);
      let last = h.terms.at(-1);
      if (!last || last.ordinal !== o) h.terms.push((last = { ordinal: o, courses: [] }));
      last.courses.push(Number(r.c));
    }
    onProgress?.(Math.min(maxId, lo + step), maxId);
  }
  return [...byId.values()].filter((h) => h.terms.length > 0);
}

export async function loadCatalog(db: Db, institutionId: number): Promise<CatalogCourse[]> {
  return db.course.findMany({
    where: { institutionId },
    select: { id: true, code: true, title: true, subjectCode: true, levelRank: true, offered: true },
    orderBy: { id: "asc" },
  });
}

/** An institution's cross-listed pairs as [courseId, partnerId] (both directions). */
export async function loadCrossListings(db: Db, institutionId: number): Promise<[number, number][]> {
  const rows = await db.crossListing.findMany({ where: { course: { institutionId } } });
  return rows.map((r) => [r.courseId, r.partnerId]);
}
