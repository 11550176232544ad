import path from "node:path";
import { Piscina } from "piscina";
import { env } from "../env";
import { AppError } from "../errors";
import type { Db } from "../db/client";
import { loadStoredRnn, type RnnVocabulary } from "./recommend-model";
import type { PlanJob, PlanJobCatalog, PlanJobResult } from "./plan-job";
import type { TopScores } from "../ml/rnn/infer-top";
import type { PlanTask, PlanTaskResult, ScoreResult, ScoreTask } from "./recommend-worker-task";

let pool: Piscina | null = null;

/**
 * RECOMMEND_THREADS worker threads per server process (each its own TF.js backend and a copy of
 * the active model) with a queue of at most RECOMMEND_QUEUE waiting requests. The request thread
 * only resolves codes and formats answers, so pages stay quick while the model works.
 */
function getPool(): Piscina {
  // Resolved from the working directory: Next's server bundle has no usable import.meta.url.
  pool ??= new Piscina({
    filename: path.resolve("lib/queries/recommend-worker.mjs"),
    minThreads: 1,
    maxThreads: env.RECOMMEND_THREADS,
    maxQueue: env.RECOMMEND_QUEUE,
    idleTimeout: 10 * 60_000,
    workerData: { nice: env.RECOMMEND_NICE },
  });
  return pool;
}

async function runInPool<T>(task: ScoreTask | PlanTask, service = "recommendation"): Promise<T> {
  try {
    return (await getPool().run(task)) as T;
  } catch (err) {
    if (err instanceof Error && err.message === "Task queue is at limit")
      throw new AppError(
        "model_unavailable",
        `The ${service} service is busy; try again in a few seconds`,
        2,
      );
    throw err;
  }
}

/**
 * The first history's top allowed courses and their scores under every history (scoreTopNext), computed
 * in the pool under the run `model`; a 503 (model_unavailable, Retry-After) when its queue is full. A
 * thread that does not hold the run yet says so, and the task goes again with the weights, read here
 * with the caller's database (a thread opens no database of its own).
 */
export async function scoreInPool(
  db: Db,
  model: RnnVocabulary,
  histories: ScoreTask["histories"],
  pick: ScoreTask["pick"],
): Promise<TopScores> {
  const task: ScoreTask = { key: model.key, histories, pick };
  let answer = await runInPool<ScoreResult>(task);
  if ("missing" in answer)
    answer = await runInPool<ScoreResult>({ ...task, model: await loadStoredRnn(db, model) });
  if ("missing" in answer) throw new Error("A recommendation worker did not take the model it was sent");
  return answer;
}

/**
 * One plan computed in the pool, as scoreInPool does it: a thread that lacks the run or this
 * catalog says so, and the task goes again with the weights and the catalog.
 */
export async function planInPool(
  db: Db,
  model: RnnVocabulary,
  catalog: PlanJobCatalog,
  job: PlanJob,
): Promise<PlanJobResult> {
  const task: PlanTask = { kind: "plan", key: model.key, job, catalogKey: catalog.key };
  const first = await runInPool<PlanTaskResult>(task, "planning");
  if (!first.missing) return first.result;
  const again = await runInPool<PlanTaskResult>(
    { ...task, model: await loadStoredRnn(db, model), catalog },
    "planning",
  );
  if (again.missing) throw new Error("A recommendation worker did not take the plan's model and catalog");
  return again.result;
}
