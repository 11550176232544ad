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

/** One request's histories (the full one first, then its leave-one-out variants) and what to rank. */
export type TopRequest = { histories: Sequence[]; pick: TopPick };

/** scoreTopMany for one request. */
export function scoreTopNext(
  model: tf.LayersModel,
  histories: Sequence[],
  M: number,
  pick: TopPick,
): TopScores {
  return scoreTopMany(model, [{ histories, pick }], M)[0]!;
}

/**
 * Several requests' TopScores from one pass of the model over all their histories (at most 256):
 * a step's dispatch is paid once for all rows (16 typical requests cost about half as much each as
 * single passes; bench:recommend), so requests that waited for the thread together are computed
 * together. Their histories are padded to the longest, so the caller batches requests of similar
 * length (and, past ~1,200 history-steps, fewer of them: lib/queries/recommend-pool.ts).
 */
export function scoreTopMany(model: tf.LayersModel, requests: TopRequest[], M: number): TopScores[] {
  tf.util.assert(
    requests.every((r) => r.histories.length >= 1),
    () => "at least one history per request",
  );
  const probs = tf.tidy(() =>
    tf.softmax(
      lastStepLogits(
        model,
        requests.flatMap((r) => r.histories),
        M,
      ),
    ),
  ); // [rows, V]
  try {
    const V = probs.shape[1];
    const firstRows: number[] = [];
    let row = 0;
    for (const r of requests) {
      tf.util.assert(
        r.pick.allowed.length === V,
        () => `allowed has ${r.pick.allowed.length} entries, not ${V}`,
      );
      firstRows.push(row);
      row += r.histories.length;
    }
    const firsts = tf.tidy(() => tf.gather(probs, tf.tensor1d(firstRows, "int32"))); // [requests, V]
    const all = firsts.dataSync() as Float32Array;
    firsts.dispose();
    const ranked = requests.map((r, q) => {
      const p = all.subarray(q * V, (q + 1) * V);
      let by: Float32Array = p;
      if (r.pick.factor) {
        const f = r.pick.factor;
        by = new Float32Array(V);
        for (let i = 0; i < V; i++) by[i] = p[i]! * f[i]!;
      }
      const top = Int32Array.from(topCandidates(by, r.pick.allowed, null, r.pick.limit));
      return { top, base: Float32Array.from(top, (i) => p[i]!) };
    });
    // The variants' probabilities at their request's top courses only, for all requests in one gather
    // from the flattened [rows × V] scores: a few numbers read back, not rows of V.
    const flat: number[] = [];
    requests.forEach((r, q) => {
      for (let h = 1; h < r.histories.length; h++)
        for (const i of ranked[q]!.top) flat.push((firstRows[q]! + h) * V + i);
    });
    let picked: Float32Array = new Float32Array(0);
    if (flat.length) {
      const at = tf.tidy(() => tf.gather(probs.reshape([-1]), tf.tensor1d(flat, "int32")));
      picked = at.dataSync() as Float32Array;
      at.dispose();
    }
    let offset = 0;
    return ranked.map(({ top, base }, q) => {
      const n = (requests[q]!.histories.length - 1) * top.length;
      const variants = picked.slice(offset, offset + n);
      offset += n;
      return { top, base, variants };
    });
  } finally {
    probs.dispose();
  }
}
