import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { Institution } from "../institution";
import type { ArticulationCourse } from "../ml/articulation/features";

/** One institution's catalog as the articulation model reads it, with one course2vec run's vectors. */
export type ArticulationSide = {
  institution: Institution;
  runId: number;
  courses: (ArticulationCourse & { id: number })[];
  idOf: Map<string, number>;
  indexOf: Map<number, number>;
};

/** The institution's active course2vec run, or (with `runId`) that run, which must be the institution's. */
export async function loadArticulationSide(
  db: Db,
  institution: Institution,
  runId?: number,
): Promise<ArticulationSide> {
  const run = await db.modelRun.findFirst({
    where:
      runId === undefined
        ? { institutionId: institution.id, kind: "course2vec", isActive: true }
        : { id: runId, institutionId: institution.id, kind: "course2vec" },
    select: { id: true },
  });
  if (!run)
    throw new AppError(
      "model_unavailable",
      runId === undefined
        ? `${institution.code} has no active course2vec run: train one first (npm run train:course2vec -- --institution ${institution.code})`
        : `course2vec run ${runId} of ${institution.code} no longer exists`,
    );
  const [rows, vectors] = await Promise.all([
    db.course.findMany({
      where: { institutionId: institution.id, inCatalog: true },
      select: {
        id: true,
        code: true,
        subjectCode: true,
        number: true,
        title: true,
        description: true,
        levelRank: true,
      },
      orderBy: { code: "asc" },
    }),
    db.courseVector.findMany({ where: { runId: run.id }, select: { courseId: true, vector: true } }),
  ]);
  const byCourse = new Map(
    vectors.map((v) => [v.courseId, new Float32Array(new Uint8Array(v.vector).buffer)]),
  );
  const courses = rows.map((r) => ({
    id: r.id,
    code: r.code,
    subject: r.subjectCode,
    number: r.number,
    title: r.title,
    description: r.description,
    levelRank: r.levelRank,
    vector: byCourse.get(r.id) ?? null,
  }));
  return {
    institution,
    runId: run.id,
    courses,
    idOf: new Map(courses.map((c) => [c.code, c.id])),
    indexOf: new Map(courses.map((c, i) => [c.id, i])),
  };
}

/** Pairs of course ids as indices into the two sides (pairs naming a course outside them are dropped). */
export function toIndexPairs(
  pairs: [number, number][],
  from: ArticulationSide,
  to: ArticulationSide,
): [number, number][] {
  return pairs
    .map(([a, b]) => [from.indexOf.get(a), to.indexOf.get(b)])
    .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined);
}
