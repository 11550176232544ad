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

// Per institution: each has its own active run.
const cached = new Map<number, LoadedRnn>();
const loading = new Map<number, Promise<LoadedRnn | null>>();

/**
 * An institution's active RNN run, built from the weights stored in the database, cached per
 * process until another run becomes active. Null when it has no active RNN run.
 */
export async function loadActiveRnn(db: Db, institutionId: number): Promise<LoadedRnn | null> {
  const runId = await activeRunId(db, "rnn", institutionId);
  if (runId === null) return null;
  const hit = cached.get(institutionId);
  if (hit?.runId === runId) return hit;
  const pending = loading.get(institutionId);
  if (pending) return pending;
  const load = (async () => {
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
      cached.get(institutionId)?.model.dispose();
      const loaded: LoadedRnn = {
        runId,
        model,
        vocab: md.vocab,
        indexOf: new Map(md.vocab.map((id, i) => [id, i])),
        majors: md.majors,
        majorIndex: new Map(md.majors.map((m, i) => [m, i])),
      };
      cached.set(institutionId, loaded);
      return loaded;
    } finally {
      loading.delete(institutionId);
    }
  })();
  loading.set(institutionId, load);
  return load;
}
