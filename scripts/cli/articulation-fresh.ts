import fs from "node:fs";
import type { Db } from "../../lib/db/client";
import { findInstitution } from "../../lib/institution";
import { findArticulationRun } from "../../lib/models/articulation-runs";
import { activeRunId } from "../../lib/models/runs";

/**
 * Whether the active articulation run at `to` (trained from `from`) can be reused: it used both
 * institutions' active course2vec runs, and is newer than the known file and than every decision
 * an articulation officer has made since (accepted pairs feed the next training).
 */
export async function isArticulationFresh(
  db: Db,
  from: string,
  to: string,
  knownFile: string,
): Promise<boolean> {
  const [fromInst, toInst] = await Promise.all([findInstitution(db, from), findInstitution(db, to)]);
  if (!fromInst || !toInst) return false;
  const run = await findArticulationRun(db, toInst.id, from);
  if (!run?.params || run.status !== "finished") return false;
  const [fromRun, toRun] = await Promise.all([
    activeRunId(db, "course2vec", fromInst.id),
    activeRunId(db, "course2vec", toInst.id),
  ]);
  if (run.params.fromRunId !== fromRun || run.params.toRunId !== toRun) return false;
  if (!fs.existsSync(knownFile) || fs.statSync(knownFile).mtime > run.createdAt) return false;
  const decided = await db.articulationDecision.findFirst({
    where: { fromCourse: { institutionId: fromInst.id }, toCourse: { institutionId: toInst.id } },
    orderBy: { decidedAt: "desc" },
    select: { decidedAt: true },
  });
  return !decided || decided.decidedAt < run.createdAt;
}
