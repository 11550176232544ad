import path from "node:path";
import { Piscina } from "piscina";
import { env } from "../env";
import { AppError } from "../errors";
import type { Db } from "../db/client";
import { loadStoredRnn, type RnnVocabulary } from "./recommend-model";
import type { PlanJob, PlanJobCatalog, PlanJobResult } from "./plan-job";
import type { TopPick, TopRequest, TopScores } from "../ml/rnn/infer-top";
import { createBatcher, type Batcher } from "./recommend-batcher";
import type { PlanTask, PlanTaskResult, ScoreResult, ScoreTask } from "./recommend-worker-task";

let pool: Piscina | null = null;

/**
 * RECOMMEND_THREADS worker threads per server process (each its own TF.js backend and a copy of
 * the active model) with a queue of at most RECOMMEND_QUEUE waiting requests (plans; recommendations
 * wait in their batcher, so at most RECOMMEND_THREADS of their batches reach this queue). The request thread
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

type ScoreItem = { db: Db; model: RnnVocabulary; request: TopRequest };

/** A request's LSTM steps: its full history's terms (a majors-only request still takes one). */
const stepsOf = (histories: TopRequest["histories"]) => Math.max(1, histories[0]?.terms.length ?? 0);

/**
 * At most 16 requests (each 1 + REASON_CANDIDATES histories) in one pass, under the 256 a pass
 * takes, and at most about 1,200 history-steps: past that a batch costs more per request than
 * single passes (bench:recommend: 16 histories of 30 terms, 1.3-1.4x), so long histories go in
 * fewer at a time.
 */
const MAX_BATCH = 16;
const MAX_HISTORY_STEPS = 1200;
let batcher: Batcher<ScoreItem, TopScores> | null = null;

/** One batch (one run, requests of one length) in the pool, the weights sent along if the thread lacks them. */
async function scoreBatch(items: ScoreItem[]): Promise<TopScores[]> {
  const { db, model } = items[0]!;
  const task: ScoreTask = { key: model.key, requests: items.map((i) => i.request) };
  let answer = await runInPool<ScoreResult>(task);
  if ("missing" in answer)
    answer = await runInPool<ScoreResult>({ ...task, model: await loadStoredRnn(db, model) });
  if ("missing" in answer) throw new Error("A recommendation worker did not take the model it was sent");
  return answer;
}

/**
 * The first history's top allowed courses and their scores under every history (scoreTopNext), computed
 * in the pool under the run `model`. Requests wait (at most RECOMMEND_QUEUE of them, then 503 with
 * Retry-After) while every thread is busy, and go in batches of the same run and number of terms
 * (lib/queries/recommend-batcher.ts). A thread that does not hold the run yet says so, and the task
 * goes again with the weights, read here with the caller's database (a thread opens no database).
 */
export function scoreInPool(
  db: Db,
  model: RnnVocabulary,
  histories: ScoreTask["requests"][number]["histories"],
  pick: TopPick,
): Promise<TopScores> {
  batcher ??= createBatcher(scoreBatch, {
    threads: env.RECOMMEND_THREADS,
    queue: env.RECOMMEND_QUEUE,
    maxBatch: (first) =>
      Math.min(
        MAX_BATCH,
        Math.floor(MAX_HISTORY_STEPS / (first.request.histories.length * stepsOf(first.request.histories))),
      ),
    service: "recommendation",
  });
  return batcher({ db, model, request: { histories, pick } }, `${model.key}|${stepsOf(histories)}`);
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
