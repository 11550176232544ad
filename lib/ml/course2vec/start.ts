import { tf } from "../backend";
import { createRng } from "../../random";
import type { Course2VecParams } from "./params";
import { BlockMatrix, shiftedPpmiRows } from "./ppmi";
import { randomizedSvd } from "./svd";

/**
 * W and C before the first step. "random" is word2vec's (input vectors small uniform, output
 * vectors zero); "svd" splits the truncated SVD A ≈ U Σ Vᵀ of the shifted positive PMI matrix as
 * W = U Σ^½, C = V Σ^½, so that W Cᵀ starts near the logits SGNS converges to (ppmi.ts).
 */
export function startingVectors(
  counts: Float32Array,
  negRowSums: Float32Array,
  q: Float32Array,
  contexts: Int32Array,
  params: Course2VecParams,
): [tf.Tensor2D, tf.Tensor2D] {
  const V = q.length;
  const K = contexts.length;
  const d = params.dim;
  const rng = createRng(params.seed + 1);
  const w0 = Float32Array.from({ length: V * d }, () => (rng.next() - 0.5) / d);
  if (params.init === "random") return [tf.tensor2d(w0, [V, d]), tf.zeros([K, d])];
  const rowSums = negRowSums.map((x) => Math.max(x / params.negatives, 1e-30));
  const A = new BlockMatrix(V, K, params.blockRows, (start, n) =>
    shiftedPpmiRows(counts, V, rowSums, q, params.svdShift, start, n, contexts),
  );
  try {
    const svd = randomizedSvd(A, d, { powerIterations: params.powerIterations, seed: params.seed + 1 });
    return tf.tidy(() => {
      const p = params.svdPower;
      // Past the matrix's rank the SVD has nothing, and W = C = 0 there is a saddle point that
      // training never leaves: those columns of W start as word2vec's.
      const empty = tf.tensor1d(svd.s.map((x) => (x > 0 ? 0 : 1)));
      const out = [
        svd.U.mul(tf.tensor1d(svd.s.map((x) => Math.pow(x, p)))).add(tf.tensor2d(w0, [V, d]).mul(empty)),
        svd.V.mul(tf.tensor1d(svd.s.map((x) => Math.pow(x, 1 - p)))),
      ] as [tf.Tensor2D, tf.Tensor2D];
      tf.dispose([svd.U, svd.V]);
      return out;
    });
  } finally {
    A.dispose();
  }
}

/** Rows [start, start + rows) of the [V, V] counts, in the columns `contexts`. */
export function columnsOf(
  counts: Float32Array,
  V: number,
  band: { start: number; rows: number },
  contexts: Int32Array,
): Float32Array {
  const K = contexts.length;
  const out = new Float32Array(band.rows * K);
  for (let r = 0; r < band.rows; r++) {
    const row = (band.start + r) * V;
    for (let c = 0; c < K; c++) out[r * K + c] = counts[row + contexts[c]!]!;
  }
  return out;
}
