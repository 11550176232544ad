import type { Db } from "../db/client";
import type { StudentHistory } from "../ml/vocab";
import type { RunParams } from "./run-schemas";
import { failRun, finishAndActivate, startRun, type Finish, type Guard, type RunKind } from "./runs";

export type RunStart<K extends RunKind> = {
  kind: K;
  /** The institution whose enrollments the run learns from; its active run is the one compared. */
  institutionId: number;
  params: RunParams<K>;
  dataHash: string;
  backend: string;
  /** Aborting it marks the run interrupted and rejects at once with the signal's reason. */
  signal?: AbortSignal;
};

/** How a caller (a script, a test) runs a training pipeline. */
export type PipelineOptions<P> = {
  backend: string;
  /** Whose enrollments to train on (default: the primary institution). */
  institutionId?: number;
  progress: P;
  /** Aborting marks the run interrupted (see withRun). */
  signal?: AbortSignal;
  /** The corpus, when the caller has it already; read from the database otherwise. */
  histories?: StudentHistory[];
};

/** What a run's body hands back: what to store, how to judge it against the active run, its report. */
export type RunOutcome<K extends RunKind, T> = { finish: Finish<K>; guard: Guard; report: T };

export type RunResult<T> = T & { runId: number; activated: boolean; reason?: string };

/**
 * The lifecycle every training run shares: the run is started in status "running", `body` writes its
 * tables, then it is finished and activated in one transaction unless `guard` refuses. If `body`
 * throws the run is marked failed; if `signal` aborts it is marked interrupted without waiting for
 * `body` (training can be deep in a kernel), so a caller may exit right after. Either way the active
 * run stays in place.
 */
export async function withRun<K extends RunKind, T>(
  db: Db,
  start: RunStart<K>,
  body: (runId: number) => Promise<RunOutcome<K, T>>,
): Promise<RunResult<T>> {
  const { signal } = start;
  signal?.throwIfAborted();
  const runId = await startRun(
    db,
    start.kind,
    start.params,
    start.dataHash,
    start.backend,
    start.institutionId,
  );
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal?.reason as Error);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const work = body(runId);
    // If the abort wins the race, the body's own later rejection has nobody left to hear it.
    work.catch(() => {});
    const outcome = await Promise.race([work, aborted]);
    // Finishing is one short transaction: an abort from here on lets it complete.
    signal?.removeEventListener("abort", onAbort);
    const activation = await finishAndActivate(db, runId, start.kind, outcome.finish, outcome.guard);
    return { ...outcome.report, runId, ...activation };
  } catch (err) {
    if (signal?.aborted) await failRun(db, runId, "interrupted", "interrupted by signal");
    else await failRun(db, runId, "failed", err instanceof Error ? (err.stack ?? err.message) : String(err));
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
