import type { tf } from "../ml/backend";
import { predictNext } from "../ml/rnn/infer";
import type { Scorer } from "./types";

export type ScorerModel = {
  model: tf.LayersModel;
  /** Catalog index → the model's vocabulary index, or -1 for a course outside its vocabulary. */
  vocabOf: Int32Array;
  vocabSize: number;
  majorCount: number;
};

/**
 * The trained next-term LSTM as the planner's scorer: each history (catalog indices) is mapped to
 * the model's vocabulary, all of them go through one batched forward pass, and the softmax comes
 * back by catalog index (0 for courses the model does not know, or that `allowed` rules out).
 */
export function lstmScorer(m: ScorerModel, majors: number[], allowed?: Uint8Array): Scorer {
  const n = m.vocabOf.length;
  return (histories) => {
    const seqs = histories.map((h) => ({
      terms: h
        .map((t) => t.flatMap((c) => (m.vocabOf[c]! >= 0 ? [m.vocabOf[c]!] : [])))
        .filter((t) => t.length > 0),
      majors,
    }));
    return predictNext(m.model, seqs, m.vocabSize, Math.max(1, m.majorCount)).map((p) => {
      const row = new Float32Array(n);
      for (let c = 0; c < n; c++) {
        const v = m.vocabOf[c]!;
        if (v >= 0 && (!allowed || allowed[c])) row[c] = p[v]!;
      }
      return row;
    });
  };
}
