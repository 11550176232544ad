import { tf } from "./backend";
import { topKNeighbours, partnerRanks, type Neighbours } from "./similarity";

/**
 * The co-enrollment baseline: pointwise mutual information of two courses being taken by the same
 * student, PMI(a, b) = log(n_ab · N / (n_a · n_b)); pairs never taken together score −∞ (−1e9).
 * `students[s]` is the set of vocabulary indices student s took. Returns PMI and the co-enrollment
 * counts n_ab, both [V, V] row-major.
 */
export function coEnrollmentPmi(
  students: number[][],
  V: number,
): { pmi: Float32Array; together: Float32Array } {
  const together = new Float32Array(V * V);
  const single = new Float64Array(V);
  for (const courses of students) {
    const uniq = [...new Set(courses)];
    for (const a of uniq) {
      single[a]!++;
      for (const b of uniq) if (a !== b) together[a * V + b]!++;
    }
  }
  const N = students.length;
  const pmi = new Float32Array(V * V);
  for (let a = 0; a < V; a++) {
    for (let b = 0; b < V; b++) {
      const n = together[a * V + b]!;
      pmi[a * V + b] = n > 0 ? Math.log((n * N) / (single[a]! * single[b]!)) : -1e9;
    }
  }
  return { pmi, together };
}

/** Neighbours and partner ranks from a dense [V, V] score matrix such as PMI. */
export function denseScoreEvaluation(
  scores: Float32Array,
  V: number,
  k: number,
  pairs: [number, number][],
): { neighbours: Neighbours; ranks: Int32Array } {
  const M = tf.tensor2d(scores, [V, V]);
  const neighbours = topKNeighbours(V, k, (start, rows) => M.slice([start, 0], [rows, V]));
  const ranks = partnerRanks(V, pairs, (rows) => tf.gather<tf.Tensor2D>(M, tf.tensor1d(rows, "int32")));
  M.dispose();
  return { neighbours, ranks };
}
