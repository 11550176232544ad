import type { Db } from "../db/client";
import { cacheByModel } from "./cache";
import { activeRunId } from "../models/runs";
import { env } from "../env";
import { getCatalog, subjectsWithStudents, type SubjectInfo } from "./catalog";
import { AppError } from "../errors";
import { refOf, type CourseRef } from "./courses";

async function loadListSubjects(db: Db, inst: number): Promise<SubjectInfo[]> {
  const catalog = await getCatalog(db, inst);
  return [...catalog.subjects.values()].sort(
    (a, b) => a.division.localeCompare(b.division) || a.name.localeCompare(b.name),
  );
}
export const listSubjects = cacheByModel("listSubjects", loadListSubjects);

export type SubjectDetail = Omit<SubjectInfo, "courses"> & {
  courseCount: number;
  courses: (CourseRef & { level: string; units: number | null })[];
};

async function loadGetSubject(db: Db, inst: number, code: string): Promise<SubjectDetail> {
  const catalog = await getCatalog(db, inst);
  const s =
    catalog.subjects.get(code) ??
    [...catalog.subjects.values()].find((x) => x.code.toLowerCase() === code.trim().toLowerCase());
  if (!s) throw new AppError("not_found", `No subject with code "${code.slice(0, 80)}"`);
  const courses = catalog.courses
    .filter((c) => c.subjectCode === s.code)
    .sort((a, b) => a.levelRank - b.levelRank || a.number.localeCompare(b.number, "en", { numeric: true }))
    .map((c) => ({ ...refOf(c), level: c.level, units: c.units }));
  return { code: s.code, name: s.name, division: s.division, courseCount: s.courses, courses };
}
export const getSubject = cacheByModel("getSubject", loadGetSubject);

export type RelatedSubject = { code: string; name: string; division: string; score: number };

/** Subjects ranked by the similarity of their course2vec centroids (empty without an active run). */
async function loadFindRelatedSubjects(
  db: Db,
  inst: number,
  code: string,
  limit = 50,
): Promise<RelatedSubject[]> {
  const s = await loadGetSubject(db, inst, code);
  const catalog = await getCatalog(db, inst);
  const runId = await activeRunId(db, "course2vec", inst);
  const shown = subjectsWithStudents(catalog, env.MIN_STUDENTS);
  if (runId === null || !shown.has(s.code)) return [];
  const rows = await db.subjectRelation.findMany({
    where: { runId: runId, subjectCode: s.code, relatedCode: { in: [...shown] } },
    orderBy: { score: "desc" },
    take: limit,
  });
  return rows.map((r) => {
    const o = catalog.subjects.get(r.relatedCode);
    return {
      code: r.relatedCode,
      name: o?.name ?? r.relatedCode,
      division: o?.division ?? "",
      score: r.score,
    };
  });
}
export const findRelatedSubjects = cacheByModel("findRelatedSubjects", loadFindRelatedSubjects);

/**
 * Courses that bridge two subjects: courses of either subject that relate most strongly to the
 * other one (course → subject-centroid similarity), with the score.
 */
async function loadFindBridgeCourses(
  db: Db,
  inst: number,
  a: string,
  b: string,
  limit = 10,
): Promise<(CourseRef & { score: number })[]> {
  const catalog = await getCatalog(db, inst);
  const runId = await activeRunId(db, "course2vec", inst);
  if (runId === null) return [];
  const ids = (subject: string) =>
    catalog.courses
      .filter((c) => c.subjectCode === subject && c.students >= env.MIN_STUDENTS)
      .map((c) => c.id);
  const [toB, toA] = await Promise.all([
    db.courseSubjectScore.findMany({
      where: { runId: runId, subjectCode: b, courseId: { in: ids(a) } },
      orderBy: { score: "desc" },
      take: limit,
    }),
    db.courseSubjectScore.findMany({
      where: { runId: runId, subjectCode: a, courseId: { in: ids(b) } },
      orderBy: { score: "desc" },
      take: limit,
    }),
  ]);
  return [...toB, ...toA]
    .sort((x, y) => y.score - x.score)
    .slice(0, limit)
    .flatMap((r) => {
      const c = catalog.byId.get(r.courseId);
      return c ? [{ ...refOf(c), score: r.score }] : [];
    });
}
export const findBridgeCourses = cacheByModel("findBridgeCourses", loadFindBridgeCourses);

export type MapPoint = {
  code: string;
  title: string;
  subject: string;
  division: string;
  x: number;
  y: number;
};

/** Every course of the active course2vec run placed on the 2-D map. */
async function loadFindMapPoints(db: Db, inst: number): Promise<MapPoint[]> {
  const catalog = await getCatalog(db, inst);
  const runId = await activeRunId(db, "course2vec", inst);
  if (runId === null) return [];
  const rows = await db.courseVector.findMany({
    where: { runId: runId },
    select: { courseId: true, x: true, y: true },
  });
  return rows.flatMap((r) => {
    const c = catalog.byId.get(r.courseId);
    return c && c.students >= env.MIN_STUDENTS
      ? [{ code: c.code, title: c.title, subject: c.subjectCode, division: c.division, x: r.x, y: r.y }]
      : [];
  });
}
export const findMapPoints = cacheByModel("findMapPoints", loadFindMapPoints);
