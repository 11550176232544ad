import type { tf } from "../ml/backend";
import { lstmScorer } from "../plan/lstm-scorer";
import { planTerms } from "../plan/planner";
import { PlanInputError, type Plan, type PlanCatalog, type PlanInput } from "../plan/types";

/** Everything one plan needs, as plain data (it is handed to a worker thread). */
export type PlanJob = {
  runId: number;
  /** The RNN run's key (id and creation time), as the worker threads know it. */
  key: string;
  version: number;
  input: PlanInput;
  majors: number[];
};

/**
 * The catalog as a worker thread plans with it under one run (`key`: the run's key and the
 * catalog's version): prerequisites, offerings, which courses the model may suggest, and each
 * course's index in the run's vocabulary. Sent once per thread, run and import.
 */
export type PlanJobCatalog = {
  key: string;
  plan: PlanCatalog;
  allowed: Uint8Array;
  vocabOf: Int32Array;
  vocabSize: number;
  majorCount: number;
};

/** A plan, or the message of a request the planner cannot honour (a 400 on the request thread). */
export type PlanJobResult = { ok: true; plan: Plan } | { ok: false; error: string };

/**
 * The model work of a plan: the beam search with the LSTM in the loop, under the planner's own
 * time budget. Plain data in and out, no database: it runs in a recommendation worker thread.
 */
export function runPlanJob(model: tf.LayersModel, c: PlanJobCatalog, job: PlanJob): PlanJobResult {
  const scorer = lstmScorer(
    { model, vocabOf: c.vocabOf, vocabSize: c.vocabSize, majorCount: c.majorCount },
    job.majors,
    c.allowed,
  );
  try {
    return { ok: true, plan: planTerms(c.plan, job.input, scorer) };
  } catch (err) {
    // The error's class does not survive the thread boundary, so it travels as a result.
    if (err instanceof PlanInputError) return { ok: false, error: err.message };
    throw err;
  }
}
