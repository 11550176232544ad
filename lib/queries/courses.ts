import type { Db } from "../db/client";
import { cacheByModel } from "./cache";
import { activeRunId } from "../models/runs";
import { env } from "../env";
import { AppError } from "../errors";
import type { CourseDetail, CourseRef } from "../validations/api";
import { getCatalog, findCourse, type Catalog, type CourseInfo } from "./catalog";
import { formatCount, publishCount } from "./disclosure";

export type { CourseDetail, CourseRef };

export function refOf(c: CourseInfo): CourseRef {
  return { code: c.code, title: c.title, subject: c.subjectCode, subjectName: c.subjectName };
}

/** The course a user named (forgiving case and spacing), or a not_found AppError (404). */
export function requireCourse(catalog: Catalog, code: string): CourseInfo {
  const c = findCourse(catalog, code);
  if (!c) throw new AppError("not_found", `No course with code "${code.slice(0, 80)}"`);
  return c;
}

/** A course with its prerequisites, the courses that require it, and its cross-listings. */
async function loadGetCourseDetail(db: Db, inst: number, code: string): Promise<CourseDetail> {
  const catalog = await getCatalog(db, inst);
  const c = requireCourse(catalog, code);
  const [pre, req, cross] = await Promise.all([
    db.prerequisite.findMany({ where: { courseId: c.id } }),
    db.prerequisite.findMany({ where: { requiredId: c.id } }),
    db.crossListing.findMany({ where: { courseId: c.id } }),
  ]);
  const refs = (ids: number[]) =>
    ids
      .map((id) => catalog.byId.get(id))
      .filter((x): x is CourseInfo => !!x)
      .map(refOf);
  return {
    ...refOf(c),
    description: c.description,
    units: c.units,
    level: c.level,
    offered: c.offered,
    inCatalog: c.inCatalog,
    division: c.division,
    prerequisites: refs(pre.map((p) => p.requiredId)),
    requiredBy: refs(req.map((p) => p.courseId)),
    crossListings: refs(cross.map((p) => p.partnerId)),
  };
}
export const getCourseDetail = cacheByModel("getCourseDetail", loadGetCourseDetail);

export type SimilarRow = CourseRef & {
  similarity: number;
  percent: number;
  level: string;
  reasons: string[];
};

export type SimilarOptions = {
  limit: number;
  otherSubjects: boolean;
  levelRank?: number;
  withReasons: boolean;
};

/**
 * The active course2vec run's most similar courses, with checkable reasons: cross-listing, shared
 * students (only when at least MIN_STUDENTS), courses both lead to, requirements both satisfy.
 * Courses with too few students are suppressed. Returns null when no course2vec run is active.
 */
async function loadFindSimilarCourses(
  db: Db,
  inst: number,
  code: string,
  opts: SimilarOptions,
): Promise<{ course: CourseRef; runId: number; similar: SimilarRow[] } | null> {
  const catalog = await getCatalog(db, inst);
  const c = requireCourse(catalog, code);
  const runId = await activeRunId(db, "course2vec", inst);
  if (runId === null) return null;
  const rows = await db.similarCourse.findMany({
    where: { runId: runId, courseId: c.id },
    orderBy: { rank: "asc" },
  });
  const min = env.MIN_STUDENTS;
  const picked = rows
    .map((r) => ({ r, s: catalog.byId.get(r.similarId) }))
    .filter(
      (x): x is { r: (typeof rows)[number]; s: CourseInfo } =>
        !!x.s && x.s.students >= min && c.students >= min,
    )
    .filter((x) => !opts.otherSubjects || x.s.subjectCode !== c.subjectCode)
    .filter((x) => opts.levelRank === undefined || x.s.levelRank === opts.levelRank)
    .slice(0, opts.limit);
  const reasons = opts.withReasons
    ? await explainSimilarity(
        db,
        catalog,
        c,
        picked.map((x) => x.s),
      )
    : new Map<number, string[]>();
  return {
    course: refOf(c),
    runId: runId,
    similar: picked.map(({ r, s }) => {
      const why = reasons.get(s.id) ?? [];
      const both = publishCount(r.coStudents, [c.students, s.students]);
      if (opts.withReasons && both !== null)
        why.splice(why[0]?.startsWith("Cross-listed") ? 1 : 0, 0, `${formatCount(both)} students took both`);
      return {
        ...refOf(s),
        level: s.level,
        similarity: r.similarity,
        percent: Math.max(0, Math.round(r.similarity * 100)),
        reasons: why,
      };
    }),
  };
}
export const findSimilarCourses = cacheByModel("findSimilarCourses", loadFindSimilarCourses);

async function explainSimilarity(
  db: Db,
  catalog: Catalog,
  c: CourseInfo,
  others: CourseInfo[],
): Promise<Map<number, string[]>> {
  const ids = others.map((o) => o.id);
  const [cross, transitions, reqs] = await Promise.all([
    db.crossListing.findMany({ where: { courseId: c.id, partnerId: { in: ids } } }),
    db.courseTransition.findMany({
      where: { courseId: { in: [c.id, ...ids] }, students: { gte: env.MIN_STUDENTS } },
      orderBy: { students: "desc" },
    }),
    db.requirementCourse.findMany({
      where: { courseId: { in: [c.id, ...ids] } },
      include: { requirement: { include: { program: true } } },
    }),
  ]);
  const nextOf = new Map<number, number[]>();
  for (const t of transitions) {
    const list = nextOf.get(t.courseId) ?? [];
    if (list.length < 12) list.push(t.nextId);
    nextOf.set(t.courseId, list);
  }
  const reqOf = new Map<number, Map<number, string>>();
  for (const r of reqs) {
    const m = reqOf.get(r.courseId) ?? new Map<number, string>();
    m.set(r.requirementId, `${r.requirement.program.name}: ${r.requirement.name}`);
    reqOf.set(r.courseId, m);
  }
  const out = new Map<number, string[]>();
  const mine = new Set(nextOf.get(c.id) ?? []);
  for (const o of others) {
    const why: string[] = [];
    if (cross.some((x) => x.partnerId === o.id)) why.push("Cross-listed: the same class under another code");
    const shared = (nextOf.get(o.id) ?? [])
      .filter((n) => mine.has(n) && n !== c.id && n !== o.id)
      .slice(0, 2);
    if (shared.length) why.push(`Both lead to ${shared.map((n) => catalog.byId.get(n)?.code).join(" and ")}`);
    const both = [...(reqOf.get(o.id) ?? new Map<number, string>())]
      .filter(([id]) => reqOf.get(c.id)?.has(id))
      .map(([, n]) => n);
    if (both.length) why.push(`Both count toward ${both[0]}`);
    out.set(o.id, why);
  }
  return out;
}

/** How strongly a course relates to each subject (cosine to the subject's centroid), strongest first. */
async function loadFindCourseSubjectRelations(
  db: Db,
  inst: number,
  code: string,
  limit = 12,
): Promise<{ subject: string; name: string; score: number }[]> {
  const catalog = await getCatalog(db, inst);
  const c = requireCourse(catalog, code);
  const runId = await activeRunId(db, "course2vec", inst);
  // The same threshold as the course's similar courses: too few students, no relations either.
  if (runId === null || c.students < env.MIN_STUDENTS) return [];
  const rows = await db.courseSubjectScore.findMany({
    where: { runId: runId, courseId: c.id },
    orderBy: { score: "desc" },
    take: limit,
  });
  return rows.map((r) => ({
    subject: r.subjectCode,
    name: catalog.subjects.get(r.subjectCode)?.name ?? r.subjectCode,
    score: r.score,
  }));
}
export const findCourseSubjectRelations = cacheByModel(
  "findCourseSubjectRelations",
  loadFindCourseSubjectRelations,
);

/** What students commonly take in the term after this course, with counts as publishCount allows them. */
async function loadFindTakenNext(
  db: Db,
  inst: number,
  code: string,
  limit = 8,
): Promise<(CourseRef & { students: number })[]> {
  const catalog = await getCatalog(db, inst);
  const c = requireCourse(catalog, code);
  const rows = await db.courseTransition.findMany({
    where: { courseId: c.id, students: { gte: env.MIN_STUDENTS } },
    orderBy: { students: "desc" },
    take: limit,
  });
  return rows.flatMap((r) => {
    const n = catalog.byId.get(r.nextId);
    const students = n ? publishCount(r.students, [c.students, n.students]) : null;
    return n && students !== null ? [{ ...refOf(n), students }] : [];
  });
}
export const findTakenNext = cacheByModel("findTakenNext", loadFindTakenNext);
