import type { Db } from "../db/client";

export type RunKind = "course2vec" | "rnn";

/** Starts a run in status "running"; it is invisible to the site until activated. */
export async function startRun(
  db: Db,
  kind: RunKind,
  params: unknown,
  dataHash: string,
  backend: string,
): Promise<number> {
  const run = await db.modelRun.create({
    data: { kind, status: "running", params: JSON.stringify(params), dataHash, backend },
  });
  return run.id;
}

export async function failRun(
  db: Db,
  runId: number,
  status: "failed" | "interrupted",
  error: string,
): Promise<void> {
  await db.modelRun.update({
    where: { id: runId },
    data: { status, error: error.slice(0, 4000), finishedAt: new Date() },
  });
}

export type Finish = { metrics: unknown; baselines: unknown; history: unknown; durationMs: number };

/** Says why a finished run must not replace the active one (null: it may). */
export type Guard = (active: { id: number; metrics: unknown } | null) => string | null;

/**
 * Marks a run finished with its metrics, then makes it the active run of its kind in the same
 * transaction, unless `guard` says it is worse than the active run (then it stays inactive).
 */
export async function finishAndActivate(
  db: Db,
  runId: number,
  kind: RunKind,
  finish: Finish,
  guard?: Guard,
): Promise<{ activated: boolean; reason?: string }> {
  return db.$transaction(async (tx) => {
    await tx.modelRun.update({
      where: { id: runId },
      data: {
        status: "finished",
        metrics: JSON.stringify(finish.metrics),
        baselines: JSON.stringify(finish.baselines),
        history: JSON.stringify(finish.history),
        durationMs: Math.round(finish.durationMs),
        finishedAt: new Date(),
      },
    });
    const active = await tx.modelRun.findFirst({ where: { kind, isActive: true } });
    const refusal = guard?.(active ? { id: active.id, metrics: JSON.parse(active.metrics) } : null) ?? null;
    if (refusal) return { activated: false, reason: refusal };
    await tx.modelRun.updateMany({ where: { kind, isActive: true }, data: { isActive: false } });
    await tx.modelRun.update({ where: { id: runId }, data: { isActive: true } });
    return { activated: true };
  });
}

/** The id of the active run of a kind, or null: what the read side keys every table by. */
export async function activeRunId(db: Db, kind: RunKind): Promise<number | null> {
  return (await db.modelRun.findFirst({ where: { kind, isActive: true }, select: { id: true } }))?.id ?? null;
}

/** Activates a finished run by id (CLI `models activate`). */
export async function activateRun(db: Db, runId: number): Promise<void> {
  const run = await db.modelRun.findUnique({ where: { id: runId } });
  if (!run) throw new Error(`No model run ${runId}`);
  if (run.status !== "finished")
    throw new Error(`Run ${runId} is ${run.status}; only finished runs can be activated`);
  await db.$transaction([
    db.modelRun.updateMany({ where: { kind: run.kind, isActive: true }, data: { isActive: false } }),
    db.modelRun.update({ where: { id: runId }, data: { isActive: true } }),
  ]);
}

/** Deletes a run and everything it wrote; the active run cannot be deleted. */
export async function deleteRun(db: Db, runId: number): Promise<void> {
  const run = await db.modelRun.findUnique({ where: { id: runId } });
  if (!run) throw new Error(`No model run ${runId}`);
  if (run.isActive) throw new Error(`Run ${runId} is active; activate another run first`);
  await db.$transaction([
    db.courseSubjectScore.deleteMany({ where: { runId } }),
    db.subjectRelation.deleteMany({ where: { runId } }),
    db.modelRun.delete({ where: { id: runId } }),
  ]);
}
