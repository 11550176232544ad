import type { Db } from "../db/client";
import { activeRunId, parseRnnMetadata } from "./runs";
import { selectBackend, type tf } from "../ml/backend";
import { restoreRnn } from "../ml/rnn/infer";

export type LoadedRnn = {
  runId: number;
  model: tf.LayersModel;
  vocab: number[]; // course ids by vocabulary index
  indexOf: Map<number, number>;
  majors: string[];
  majorIndex: Map<string, number>;
};

let cached: LoadedRnn | null = null;
let loading: Promise<LoadedRnn | null> | null = null;

/**
 * The active RNN run, built from the weights stored in the database, cached per process until
 * another run becomes active. Null when no RNN run is active.
 */
export async function loadActiveRnn(db: Db): Promise<LoadedRnn | null> {
  const runId = await activeRunId(db, "rnn");
  if (runId === null) return null;
  if (cached?.runId === runId) return cached;
  loading ??= (async () => {
    try {
      await selectBackend(undefined, () => {});
      const artifacts = await db.modelArtifact.findMany({ where: { runId } });
      const weights = artifacts.find((a) => a.name === "weights");
      const meta = artifacts.find((a) => a.name === "metadata");
      if (!weights || !meta) throw new Error(`RNN run ${runId} has no stored weights`);
      const md = parseRnnMetadata(runId, meta.data);
      const model = restoreRnn(md.vocab.length, Math.max(1, md.majors.length), md.params, {
        data: weights.data,
        shapes: md.shapes,
      });
      cached?.model.dispose();
      cached = {
        runId,
        model,
        vocab: md.vocab,
        indexOf: new Map(md.vocab.map((id, i) => [id, i])),
        majors: md.majors,
        majorIndex: new Map(md.majors.map((m, i) => [m, i])),
      };
      return cached;
    } finally {
      loading = null;
    }
  })();
  return loading;
}
