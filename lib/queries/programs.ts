import type { Db } from "../db/client";
import { env } from "../env";
import { getCatalog } from "./catalog";
import { formatCount, publishCount } from "./disclosure";
import { AppError } from "../errors";
import { refOf, requireCourse, type CourseRef } from "./courses";

export type ChecklistItem = {
  name: string;
  count: number;
  done: CourseRef[];
  options: CourseRef[];
  satisfied: boolean;
};

export async function listPrograms(db: Db, inst: number): Promise<string[]> {
  return (
    await db.program.findMany({
      where: { institutionId: inst },
      orderBy: { name: "asc" },
      select: { name: true },
    })
  ).map((p) => p.name);
}

/** A program's requirements, each with the courses taken towards it and what remains. */
export async function findProgramChecklist(
  db: Db,
  inst: number,
  program: string,
  takenIds: number[],
): Promise<ChecklistItem[]> {
  const catalog = await getCatalog(db, inst);
  const p = await db.program.findUnique({
    where: { institutionId_name: { institutionId: inst, name: program } },
    include: { requirements: { include: { courses: true }, orderBy: { id: "asc" } } },
  });
  if (!p) throw new AppError("not_found", `No program named "${program.slice(0, 80)}"`);
  const taken = new Set(takenIds);
  return p.requirements.map((r) => {
    const courses = r.courses.map((c) => catalog.byId.get(c.courseId)).filter((c) => !!c);
    const done = courses.filter((c) => taken.has(c.id));
    return {
      name: r.name,
      count: r.count,
      done: done.map(refOf),
      options: courses.filter((c) => !taken.has(c.id)).map(refOf),
      satisfied: done.length >= r.count,
    };
  });
}

/** Courses that count toward a requirement not yet satisfied: course id → "Requirement (k of n done)". */
export async function findUnmetRequirements(
  db: Db,
  inst: number,
  program: string,
  takenIds: number[],
): Promise<{ byCourse: Map<number, string> }> {
  const catalog = await getCatalog(db, inst);
  const list = await findProgramChecklist(db, inst, program, takenIds);
  const byCourse = new Map<number, string>();
  for (const item of list) {
    if (item.satisfied) continue;
    for (const o of item.options) {
      const c = catalog.byCode.get(o.code);
      if (c && !byCourse.has(c.id))
        byCourse.set(c.id, `${item.name} (${item.done.length} of ${item.count} done)`);
    }
  }
  return { byCourse };
}

export type PrepareStep = CourseRef & { reason: string; depth: number };

/**
 * Goal-based planning (Jiang, Pardos & Wei 2019, simplified): to prepare for a target course, its
 * prerequisite chain not yet taken (deepest first), then the courses students most often took in
 * the term before it (counts under MIN_STUDENTS suppressed).
 */
export async function findPreparation(
  db: Db,
  inst: number,
  target: string,
  takenIds: number[],
  limit = 8,
): Promise<{ target: CourseRef; steps: PrepareStep[] }> {
  const catalog = await getCatalog(db, inst);
  const t = requireCourse(catalog, target);
  const taken = new Set(takenIds);
  const prereqs = await db.prerequisite.findMany({ where: { course: { institutionId: inst } } });
  const needs = new Map<number, number[]>();
  for (const p of prereqs) needs.set(p.courseId, [...(needs.get(p.courseId) ?? []), p.requiredId]);
  const steps: PrepareStep[] = [];
  const seen = new Set<number>([t.id]);
  let frontier = [t.id];
  for (let depth = 1; frontier.length && depth <= 6; depth++) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const r of needs.get(id) ?? []) {
        if (seen.has(r)) continue;
        seen.add(r);
        next.push(r);
        const c = catalog.byId.get(r);
        if (c && !taken.has(r))
          steps.push({ ...refOf(c), depth, reason: `Prerequisite of ${catalog.byId.get(id)?.code}` });
      }
    }
    frontier = next;
  }
  steps.sort((a, b) => b.depth - a.depth);
  const before = await db.courseTransition.findMany({
    where: { nextId: t.id, students: { gte: env.MIN_STUDENTS } },
    orderBy: { students: "desc" },
    take: limit * 2,
  });
  for (const b of before) {
    const c = catalog.byId.get(b.courseId);
    const n = c ? publishCount(b.students, [c.students, t.students]) : null;
    if (!c || n === null || taken.has(c.id) || seen.has(c.id) || steps.length >= limit) continue;
    seen.add(c.id);
    steps.push({
      ...refOf(c),
      depth: 0,
      reason: `${formatCount(n)} students took it the term before ${t.code}`,
    });
  }
  return { target: refOf(t), steps: steps.slice(0, limit) };
}
