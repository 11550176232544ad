import { selectBackend, type tf } from "../ml/backend";
import { restoreRnn, type RnnParams } from "../ml/rnn/infer";
import { scoreTopMany, type TopRequest, type TopScores } from "../ml/rnn/infer-top";
import { runPlanJob, type PlanJob, type PlanJobCatalog, type PlanJobResult } from "./plan-job";

/** A stored RNN run, as the request thread reads it from the database. */
export type StoredRnn = { V: number; M: number; params: RnnParams; data: Uint8Array; shapes: number[][] };

/**
 * A batch of recommendations' model work under the run identified by `key`, in one model pass: each
 * request's top allowed courses and their scores under its histories (scoreTopMany), so that a few
 * numbers per suggestion come back, not a vocabulary-wide row per history. The run's weights come
 * along only when this thread asked for them (it answered `missing`).
 */
export type ScoreTask = { kind?: "score"; key: string; requests: TopRequest[]; model?: StoredRnn };
export type ScoreResult = { missing: true } | TopScores[];

/** One plan under the run `key`; the weights and the catalog come along when the thread lacks them. */
export type PlanTask = {
  kind: "plan";
  key: string;
  job: PlanJob;
  catalogKey: string;
  model?: StoredRnn;
  catalog?: PlanJobCatalog;
};
export type PlanTaskResult = { missing: true } | { missing: false; result: PlanJobResult };

let loaded: { key: string; model: tf.LayersModel; M: number } | null = null;
let planCatalog: PlanJobCatalog | null = null;

async function holdModel(key: string, stored?: StoredRnn): Promise<typeof loaded> {
  if (loaded?.key === key) return loaded;
  if (!stored) return null;
  await selectBackend(undefined, () => {});
  const model = restoreRnn(stored.V, stored.M, stored.params, { data: stored.data, shapes: stored.shapes });
  loaded?.model.dispose();
  loaded = { key, model, M: stored.M };
  return loaded;
}

/** Runs in a worker thread, so a long history or a plan never holds up the server's request thread. */
export default async function work(task: ScoreTask | PlanTask): Promise<ScoreResult | PlanTaskResult> {
  const held = await holdModel(task.key, task.model);
  if (task.kind === "plan") {
    if (task.catalog) planCatalog = task.catalog;
    if (!held || planCatalog?.key !== task.catalogKey) return { missing: true };
    return { missing: false, result: runPlanJob(held.model, planCatalog, task.job) };
  }
  if (!held) return { missing: true };
  return scoreTopMany(held.model, task.requests, held.M);
}
