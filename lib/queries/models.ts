import type { Db } from "../db/client";
import { listRuns, type ModelRunRecord, type RunKind } from "../models/runs";

/** The kinds that have an active run, in a stable order (what the home page reports as trained). */
export async function listActiveRunKinds(db: Db): Promise<RunKind[]> {
  const runs = await db.modelRun.findMany({
    where: { isActive: true },
    select: { kind: true },
    orderBy: { kind: "asc" },
  });
  return runs.map((r) => r.kind as RunKind);
}

/** The newest runs of every kind and status, parsed, for the model report. */
export async function listRecentRuns(db: Db, take = 30): Promise<ModelRunRecord[]> {
  return listRuns(db, { take });
}
