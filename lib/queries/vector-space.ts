import type { Db } from "../db/client";
import { activeRunId } from "../models/runs";

export type Space = {
  runId: number;
  unit: Float32Array;
  dim: number;
  vocab: number[];
  indexOf: Map<number, number>;
  /** Enrollments by students of each major, by vocabulary index (weights for the major's profile). */
  byMajor: Map<string, Float64Array>;
};
// One per institution (the run ids differ, so an institution never reads another's space).
const cached = new Map<number, Space>();

/** An institution's active course2vec run's vectors and each major's enrollment weights, loaded once per run. */
export async function loadSpace(db: Db, inst: number): Promise<Space | null> {
  const runId = await activeRunId(db, "course2vec", inst);
  if (runId === null) return null;
  const hit = cached.get(inst);
  if (hit?.runId === runId) return hit;
  const rows = await db.courseVector.findMany({ where: { runId }, select: { courseId: true, vector: true } });
  if (!rows.length) return null;
  const dim = rows[0]!.vector.length / 4;
  const unit = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => unit.set(new Float32Array(new Uint8Array(r.vector).buffer), i * dim));
  const vocab = rows.map((r) => r.courseId);
  const indexOf = new Map(vocab.map((id, i) => [id, i]));
  // One grouped row per course and majors combination: a few thousand rows, not every enrollment.
  const groups = await db.$queryRaw<{ courseId: number; majors: string; n: bigint | number }[]>`
    SELECT e."courseId" AS "courseId", s."majors" AS "majors", COUNT(*) AS "n"
    FROM "Enrollment" e JOIN "Student" s ON s."id" = e."studentId"
    WHERE s."institutionId" = ${inst}
    GROUP BY e."courseId", s."majors"`;
  const byMajor = new Map<string, Float64Array>();
  for (const g of groups) {
    const i = indexOf.get(g.courseId);
    if (i === undefined) continue;
    for (const m of g.majors.split(";").filter(Boolean)) {
      const w = byMajor.get(m) ?? new Float64Array(vocab.length);
      w[i]! += Number(g.n);
      byMajor.set(m, w);
    }
  }
  const space = { runId, unit, dim, vocab, indexOf, byMajor };
  cached.set(inst, space);
  return space;
}
