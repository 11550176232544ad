import type { Db } from "../db/client";
import { activeRunId } from "../models/runs";

/** What the request thread needs of the active RNN run: its vocabulary and majors (the weights stay in the workers). */
export type RnnVocabulary = {
  runId: number;
  vocab: number[]; // course ids by vocabulary index
  indexOf: Map<number, number>;
  majors: string[];
  majorIndex: Map<string, number>;
};

let cached: RnnVocabulary | null = null;

/** The active RNN run's vocabulary, read once per run; null when no RNN run is active. */
export async function loadActiveRnnVocabulary(db: Db): Promise<RnnVocabulary | null> {
  const runId = await activeRunId(db, "rnn");
  if (runId === null) return null;
  if (cached?.runId === runId) return cached;
  const meta = await db.modelArtifact.findFirst({ where: { runId, name: "metadata" } });
  if (!meta) throw new Error(`RNN run ${runId} has no stored metadata`);
  const md = JSON.parse(Buffer.from(meta.data).toString("utf8")) as { vocab: number[]; majors: string[] };
  cached = {
    runId,
    vocab: md.vocab,
    indexOf: new Map(md.vocab.map((id, i) => [id, i])),
    majors: md.majors,
    majorIndex: new Map(md.majors.map((m, i) => [m, i])),
  };
  return cached;
}
