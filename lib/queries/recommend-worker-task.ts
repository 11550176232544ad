import { createDb, type Db } from "../db/client";
import { selectBackend, type tf } from "../ml/backend";
import { predictNextLastStep, restoreRnn, type RnnParams } from "../ml/rnn/infer";
import type { Sequence } from "../ml/sequences";

/** One recommendation's model work: next-term scores of each history under the run `runId`. */
export type ScoreTask = { runId: number; histories: Sequence[] };

type Metadata = { vocab: number[]; majors: string[]; shapes: number[][]; params: RnnParams };

let db: Db | null = null;
let loaded: { runId: number; model: tf.LayersModel; M: number } | null = null;

/** The run's model, built once per thread from the weights in the database (a run never changes). */
async function modelOf(runId: number): Promise<{ model: tf.LayersModel; M: number }> {
  if (loaded?.runId === runId) return loaded;
  await selectBackend(undefined, () => {});
  db ??= createDb();
  const artifacts = await db.modelArtifact.findMany({ where: { runId } });
  const weights = artifacts.find((a) => a.name === "weights");
  const meta = artifacts.find((a) => a.name === "metadata");
  if (!weights || !meta) throw new Error(`RNN run ${runId} has no stored weights`);
  const md = JSON.parse(Buffer.from(meta.data).toString("utf8")) as Metadata;
  const M = Math.max(1, md.majors.length);
  const model = restoreRnn(md.vocab.length, M, md.params, { data: weights.data, shapes: md.shapes });
  loaded?.model.dispose();
  loaded = { runId, model, M };
  return loaded;
}

/** Runs in a worker thread, so a long history never holds up the server's request thread. */
export default async function score(task: ScoreTask): Promise<Float32Array[]> {
  const { model, M } = await modelOf(task.runId);
  return predictNextLastStep(model, task.histories, M);
}
