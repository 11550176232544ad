import type { Db } from "../db/client";
import type { RnnParams } from "../ml/rnn/infer";
import type { StoredRnn } from "./recommend-worker-task";

/** What the request thread needs of the active RNN run: its vocabulary and majors (the weights stay in the workers). */
export type RnnVocabulary = {
  runId: number;
  // The run's id and creation time: ids restart after a database reset, a run never changes.
  key: string;
  vocab: number[]; // course ids by vocabulary index
  indexOf: Map<number, number>;
  majors: string[];
  majorIndex: Map<string, number>;
  params: RnnParams;
  shapes: number[][];
};

const cached = new Map<number, RnnVocabulary>();

/** An institution's active RNN run's vocabulary, read once per run; null when it has no active RNN run. */
export async function loadActiveRnnVocabulary(db: Db, inst: number): Promise<RnnVocabulary | null> {
  const run = await db.modelRun.findFirst({
    where: { institutionId: inst, kind: "rnn", isActive: true },
    select: { id: true, createdAt: true },
  });
  if (!run) return null;
  const key = `${run.id}:${run.createdAt.getTime()}`;
  const hit = cached.get(inst);
  if (hit?.key === key) return hit;
  const meta = await db.modelArtifact.findFirst({ where: { runId: run.id, name: "metadata" } });
  if (!meta) throw new Error(`RNN run ${run.id} has no stored metadata`);
  const md = JSON.parse(Buffer.from(meta.data).toString("utf8")) as {
    vocab: number[];
    majors: string[];
    params: RnnParams;
    shapes: number[][];
  };
  const vocabulary: RnnVocabulary = {
    runId: run.id,
    key,
    vocab: md.vocab,
    indexOf: new Map(md.vocab.map((id, i) => [id, i])),
    majors: md.majors,
    majorIndex: new Map(md.majors.map((m, i) => [m, i])),
    params: md.params,
    shapes: md.shapes,
  };
  cached.set(inst, vocabulary);
  return vocabulary;
}

/** The run's weights for a worker thread that does not hold them yet (once per thread and run). */
export async function loadStoredRnn(db: Db, v: RnnVocabulary): Promise<StoredRnn> {
  const weights = await db.modelArtifact.findFirst({ where: { runId: v.runId, name: "weights" } });
  if (!weights) throw new Error(`RNN run ${v.runId} has no stored weights`);
  return {
    V: v.vocab.length,
    M: Math.max(1, v.majors.length),
    params: v.params,
    data: weights.data,
    shapes: v.shapes,
  };
}
