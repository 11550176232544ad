import type { Db } from "../db/client";
import { AppError } from "../errors";
import { listInstitutions, resolveInstitution, type Institution } from "../institution";
import { candidateReasonsSchema, candidateSignalsSchema } from "../models/articulation-schemas";
import {
  findArticulationRun,
  readArticulationModel,
  type ArticulationRun,
} from "../models/articulation-runs";

/**
 * The read side of articulation: which pairs are agreed (the run's known pairs and accepted
 * decisions, minus rejected ones) and the active run's proposals, for the staff page, the student
 * page and the API. Everything here is about courses; nothing about a student.
 */

export type ArticulationScope = {
  from: Institution;
  to: Institution;
  run: ArticulationRun | null;
  /** The run's known pairs (from code → to codes), agreed before any decision on this site. */
  known: Map<string, Set<string>>;
};

/** The institutions a student may come from to `to`: every other one. */
export async function listPartnerInstitutions(db: Db, to: Institution): Promise<Institution[]> {
  return (await listInstitutions(db)).filter((i) => i.id !== to.id);
}

/** `from` and `to` (default: the primary institution) and their active articulation run, if any. */
export async function resolveArticulationScope(
  db: Db,
  fromCode: string,
  toCode?: string,
): Promise<ArticulationScope> {
  const [from, to] = await Promise.all([resolveInstitution(db, fromCode), resolveInstitution(db, toCode)]);
  if (from.id === to.id) throw new AppError("invalid_request", "from and to are the same institution");
  const run = await findArticulationRun(db, to.id, from.code);
  const known = new Map<string, Set<string>>();
  if (run)
    for (const [a, b] of (await readArticulationModel(db, run.id)).known) {
      const set = known.get(a) ?? new Set<string>();
      set.add(b);
      known.set(a, set);
    }
  return { from, to, run, known };
}

export type Decision = { status: "accepted" | "rejected"; decidedBy: string; decidedAt: Date; note: string };
export type CandidateView = {
  code: string;
  title: string;
  subject: string;
  rank: number;
  score: number;
  signals: Record<string, number>;
  reasons: string[];
  /** agreed: known or accepted; rejected: an officer said no; proposed: nobody has decided. */
  status: "agreed" | "rejected" | "proposed";
  decision: Decision | null;
};
export type AgreedView = {
  code: string;
  title: string;
  source: "known" | "accepted";
  decision: Decision | null;
};
export type CourseArticulation = {
  course: { id: number; code: string; title: string; subject: string };
  agreed: AgreedView[];
  candidates: CandidateView[];
};

const decisionOf = (d: { status: string; decidedBy: string; decidedAt: Date; note: string }): Decision => ({
  status: d.status === "accepted" ? "accepted" : "rejected",
  decidedBy: d.decidedBy,
  decidedAt: d.decidedAt,
  note: d.note,
});

/**
 * For `from` courses (ids), their agreed equivalents and the run's candidates (the first `top`),
 * each with its decision. Courses keep the order given.
 */
export async function articulationsFor(
  db: Db,
  scope: ArticulationScope,
  courseIds: number[],
  top = 10,
): Promise<CourseArticulation[]> {
  const [courses, candidates, decisions] = await Promise.all([
    db.course.findMany({
      where: { id: { in: courseIds }, institutionId: scope.from.id },
      select: { id: true, code: true, title: true, subjectCode: true },
    }),
    scope.run
      ? db.articulationCandidate.findMany({
          where: { runId: scope.run.id, fromCourseId: { in: courseIds }, rank: { lte: top } },
          orderBy: [{ fromCourseId: "asc" }, { rank: "asc" }],
          include: { toCourse: { select: { code: true, title: true, subjectCode: true } } },
        })
      : [],
    db.articulationDecision.findMany({
      where: { fromCourseId: { in: courseIds }, toCourse: { institutionId: scope.to.id } },
      include: { toCourse: { select: { code: true, title: true } } },
    }),
  ]);
  const knownCodes = [...new Set(courses.flatMap((c) => [...(scope.known.get(c.code) ?? [])]))];
  const knownCourses = await db.course.findMany({
    where: { institutionId: scope.to.id, code: { in: knownCodes } },
    select: { code: true, title: true },
  });
  const titleOf = new Map(knownCourses.map((c) => [c.code, c.title]));
  const byId = new Map(courses.map((c) => [c.id, c]));
  return courseIds.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    const mine = decisions.filter((d) => d.fromCourseId === id);
    const decided = new Map(mine.map((d) => [d.toCourse.code, decisionOf(d)]));
    const agreed = new Map<string, AgreedView>();
    // A known pair an officer accepted (and a later run learned) reads as accepted: that is its origin here.
    for (const code of scope.known.get(c.code) ?? []) {
      const decision = decided.get(code) ?? null;
      if (decision?.status !== "rejected")
        agreed.set(code, {
          code,
          title: titleOf.get(code) ?? code,
          source: decision ? "accepted" : "known",
          decision,
        });
    }
    for (const d of mine)
      if (d.status === "accepted" && !agreed.has(d.toCourse.code))
        agreed.set(d.toCourse.code, {
          code: d.toCourse.code,
          title: d.toCourse.title,
          source: "accepted",
          decision: decisionOf(d),
        });
    return [
      {
        course: { id: c.id, code: c.code, title: c.title, subject: c.subjectCode },
        agreed: [...agreed.values()],
        candidates: candidates
          .filter((k) => k.fromCourseId === id)
          .map((k) => {
            const decision = decided.get(k.toCourse.code) ?? null;
            return {
              code: k.toCourse.code,
              title: k.toCourse.title,
              subject: k.toCourse.subjectCode,
              rank: k.rank,
              score: k.score,
              signals: candidateSignalsSchema.parse(JSON.parse(k.signals)),
              reasons: candidateReasonsSchema.parse(JSON.parse(k.reasons)).map((r) => r.text),
              status: agreed.has(k.toCourse.code)
                ? "agreed"
                : decision?.status === "rejected"
                  ? "rejected"
                  : "proposed",
              decision,
            } satisfies CandidateView;
          }),
      },
    ];
  });
}

/** One `from` course by code, or a 404 naming the institution. */
export async function findFromCourse(db: Db, scope: ArticulationScope, code: string) {
  const course = await db.course.findFirst({
    where: { institutionId: scope.from.id, code },
    select: { id: true, code: true, title: true },
  });
  if (!course) throw new AppError("not_found", `${scope.from.code} has no course ${code.slice(0, 64)}`);
  return course;
}

/** The `from` institution's catalog (code and title), for the student page's type-ahead. */
export async function listFromCatalog(db: Db, from: Institution) {
  return db.course.findMany({
    where: { institutionId: from.id, inCatalog: true },
    select: { id: true, code: true, title: true, subjectCode: true },
    orderBy: { code: "asc" },
  });
}
