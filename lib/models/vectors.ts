import type { Db } from "../db/client";

/** An institution's active course2vec run's unit vectors by course id, or null when none is active. */
export async function activeCourseVectors(
  db: Db,
  institutionId: number,
): Promise<{ runId: number; dim: number; byCourse: Map<number, Float32Array> } | null> {
  const run = await db.modelRun.findFirst({ where: { institutionId, kind: "course2vec", isActive: true } });
  if (!run) return null;
  const rows = await db.courseVector.findMany({
    where: { runId: run.id },
    select: { courseId: true, vector: true },
  });
  const byCourse = new Map(rows.map((r) => [r.courseId, new Float32Array(new Uint8Array(r.vector).buffer)]));
  const dim = rows[0] ? rows[0].vector.byteLength / 4 : 0;
  return { runId: run.id, dim, byCourse };
}
