import { selectBackend, type tf } from "../ml/backend";
import { predictNextLastStep, restoreRnn, type RnnParams } from "../ml/rnn/infer";
import type { Sequence } from "../ml/sequences";

/** A stored RNN run, as the request thread reads it from the database. */
export type StoredRnn = { V: number; M: number; params: RnnParams; data: Uint8Array; shapes: number[][] };

/**
 * One recommendation's model work: next-term scores of each history under the run identified by
 * `key`. The run's weights come along only when this thread asked for them (it answered `missing`).
 */
export type ScoreTask = { key: string; histories: Sequence[]; model?: StoredRnn };
export type ScoreResult = { missing: true } | { missing: false; scores: Float32Array[] };

let loaded: { key: string; model: tf.LayersModel; M: number } | null = null;

/** Runs in a worker thread, so a long history never holds up the server's request thread. */
export default async function score(task: ScoreTask): Promise<ScoreResult> {
  if (loaded?.key !== task.key) {
    if (!task.model) return { missing: true };
    await selectBackend(undefined, () => {});
    const { V, M, params, data, shapes } = task.model;
    const model = restoreRnn(V, M, params, { data, shapes });
    loaded?.model.dispose();
    loaded = { key: task.key, model, M };
  }
  return { missing: false, scores: predictNextLastStep(loaded.model, task.histories, loaded.M) };
}
