/**
 * A recommendation's model work in one call, on the thread that holds the model: the ranking and the
 * leave-one-out scores are taken where the V-wide scores are, so only a few numbers per suggestion
 * leave the thread. (Before, every history's full distribution went to the request thread: 9 rows of
 * 8,484 floats at Berkeley scale, allocated, moved and scanned there, about half of a recommendation's
 * CPU with the garbage collection they caused; docs/web-tier.md.) Request-side only, like infer.ts.
 */
import { tf } from "../backend";
import { topCandidates } from "../next-term-eval";
import type { Sequence } from "../sequences";
import { lastStepLogits } from "./infer";

/** What to rank: the courses that may be suggested, an optional per-course factor on the score, how many. */
export type TopPick = { allowed: Uint8Array; factor?: Float32Array; limit: number };

/**
 * The first history's best `limit` allowed courses (by probability × factor; vocabulary indices, best
 * first), their probabilities under it, and under each further history (row-major
 * [histories - 1][top.length]): the leave-one-out variants a recommendation's reasons compare.
 */
export type TopScores = { top: Int32Array; base: Float32Array; variants: Float32Array };

export function scoreTopNext(
  model: tf.LayersModel,
  histories: Sequence[],
  M: number,
  pick: TopPick,
): TopScores {
  tf.util.assert(histories.length >= 1, () => "at least one history");
  const probs = tf.tidy(() => tf.softmax(lastStepLogits(model, histories, M))); // [n, V]
  try {
    const V = probs.shape[1];
    tf.util.assert(pick.allowed.length === V, () => `allowed has ${pick.allowed.length} entries, not ${V}`);
    const first = tf.tidy(() => probs.slice([0, 0], [1, V]));
    const p = first.dataSync() as Float32Array;
    first.dispose();
    let ranked: Float32Array = p;
    if (pick.factor) {
      const f = pick.factor;
      ranked = new Float32Array(V);
      for (let i = 0; i < V; i++) ranked[i] = p[i]! * f[i]!;
    }
    const top = Int32Array.from(topCandidates(ranked, pick.allowed, null, pick.limit));
    const base = Float32Array.from(top, (i) => p[i]!);
    const n = histories.length - 1;
    if (n === 0 || top.length === 0) return { top, base, variants: new Float32Array(0) };
    // The variants' probabilities at the top courses only: one small gather read back, not n rows of V.
    const at = tf.tidy(() => tf.gather(probs, tf.tensor1d(top, "int32"), 1)); // [n + 1, k], row 0 known
    const variants = (at.dataSync() as Float32Array).subarray(top.length);
    at.dispose();
    return { top, base, variants };
  } finally {
    probs.dispose();
  }
}
