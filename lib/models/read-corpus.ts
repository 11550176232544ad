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

/** Every student's history in term order (hashed students; no raw ids exist anywhere). */
export async function loadHistories(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<StudentHistory[]> {
  const students = await db.student.findMany({ select: { id: true, majors: true }, orderBy: { id: "asc" } });
  const byId = new Map<number, StudentHistory>();
  for (const s of students) byId.set(s.id, { terms: [], majors: s.majors ? s.majors.split(";") : [] });
  const step = 20_000;
  const maxId = students.at(-1)?.id ?? 0;
  for (let lo = 0; lo <= maxId; lo += step) {
    const rows = await db.$queryRawUnsafe<{ s: number; c: number; o: number }[]>(
      `SELECT e."studentId" AS s, e."courseId" AS c, t."ordinal" AS o FROM "Enrollment" e JOIN "Term" t ON t."id" = e."termId"
       WHERE e."studentId" > ${lo} AND e."studentId" <= ${lo + step} ORDER BY e."studentId", t."ordinal"`,
    );
    for (const r of rows) {
      const h = byId.get(Number(r.s))!;
      const o = Number(r.o);
      let last = h.terms.at(-1);
      if (!last || last.ordinal !== o) h.terms.push((last = { ordinal: o, courses: [] }));
      last.courses.push(Number(r.c));
    }
    onProgress?.(Math.min(maxId, lo + step), maxId);
  }
  return [...byId.values()].filter((h) => h.terms.length > 0);
}

export async function loadCatalog(db: Db): Promise<CatalogCourse[]> {
  return db.course.findMany({
    select: { id: true, code: true, title: true, subjectCode: true, levelRank: true, offered: true },
    orderBy: { id: "asc" },
  });
}

/** Cross-listed pairs as [courseId, partnerId] (both directions). */
export async function loadCrossListings(db: Db): Promise<[number, number][]> {
  const rows = await db.crossListing.findMany();
  return rows.map((r) => [r.courseId, r.partnerId]);
}
