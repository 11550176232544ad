import { tf } from "../backend";
import type { LinearOperator } from "./svd";

/**
 * Rows [start, start + rows) of the shifted positive PMI matrix of the aggregated co-occurrences
 *   A[i, j] = max(0, log(P[i, j] / (rowSum(P)[i] · q[j])) − log(shift))
 * row-major, in the columns `contexts` (all V by default). With shift = k (the negatives) and q the negative distribution, log(P / N) is the
 * logit at which each cell's expected SGNS loss is smallest (Levy & Goldberg, NeurIPS 2014): SGNS
 * implicitly factorises this matrix, less its negative part.
 */
export function shiftedPpmiRows(
  counts: Float32Array,
  V: number,
  rowSums: Float32Array,
  q: Float32Array,
  shift: number,
  start: number,
  rows: number,
  contexts: Int32Array = Int32Array.from({ length: V }, (_, j) => j),
): Float32Array {
  const K = contexts.length;
  const out = new Float32Array(rows * K);
  const logShift = Math.log(shift);
  const logQ = Float64Array.from(contexts, (j) => Math.log(q[j]!));
  for (let r = 0; r < rows; r++) {
    const i = start + r;
    const base = Math.log(rowSums[i]!) + logShift;
    for (let c = 0; c < K; c++) {
      const p = counts[i * V + contexts[c]!]!;
      if (p <= 0) continue;
      const x = Math.log(p) - base - logQ[c]!;
      if (x > 0) out[r * K + c] = x;
    }
  }
  return out;
}

/** A dense [rows, cols] matrix held on the backend as blocks of rows, as a LinearOperator for randomizedSvd. */
export class BlockMatrix implements LinearOperator {
  private readonly blocks: { start: number; rows: number; A: tf.Tensor2D }[] = [];
  readonly rows: number;
  readonly cols: number;

  /** `rowsOf(start, n)` makes rows [start, start + n) row-major; they are uploaded and not kept. */
  constructor(
    rows: number,
    cols: number,
    blockRows: number,
    rowsOf: (start: number, n: number) => Float32Array,
  ) {
    this.rows = rows;
    this.cols = cols;
    for (let start = 0; start < rows; start += blockRows) {
      const n = Math.min(blockRows, rows - start);
      this.blocks.push({ start, rows: n, A: tf.tensor2d(rowsOf(start, n), [n, cols]) });
    }
  }

  times(X: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.concat(this.blocks.map((b) => tf.matMul<tf.Tensor2D>(b.A, X))));
  }

  timesTransposed(X: tf.Tensor2D): tf.Tensor2D {
    // On wasm the transposed product transposes the block first (docs/tfjs-wasm.md, fact 1).
    return tf.tidy(() =>
      this.blocks
        .map((b) => tf.matMul<tf.Tensor2D>(b.A, X.slice([b.start, 0], [b.rows, X.shape[1]]), true, false))
        .reduce((a, b) => a.add<tf.Tensor2D>(b)),
    );
  }

  dispose(): void {
    for (const b of this.blocks) b.A.dispose();
  }
}
