import { tf } from "./backend";

/** Rows scaled to unit length: cosine similarity becomes a dot product. */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let r = 0; r < vectors.length / dim; r++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += vectors[r * dim + k]! ** 2;
    const inv = 1 / Math.max(1e-12, Math.sqrt(s));
    for (let k = 0; k < dim; k++) out[r * dim + k] = vectors[r * dim + k]! * inv;
  }
  return out;
}

export type Neighbours = { index: Int32Array; score: Float32Array; k: number };

/**
 * Top-k most similar rows for every row (self excluded) of a [V, V] score matrix that `scoreBlock`
 * computes block by block. Only the [rows, k] results are read back, never the V×V matrix.
 */
export function topKNeighbours(
  V: number,
  k: number,
  scoreBlock: (start: number, rows: number) => tf.Tensor2D,
  blockRows = 1024,
): Neighbours {
  const kk = Math.min(k, V - 1);
  const index = new Int32Array(V * kk);
  const score = new Float32Array(V * kk);
  for (let start = 0; start < V; start += blockRows) {
    const rows = Math.min(blockRows, V - start);
    const [vals, idx] = tf.tidy(() => {
      const S = scoreBlock(start, rows); // [rows, V]
      // Push self to the bottom so it never counts as a neighbour.
      const self = tf.oneHot(tf.range(start, start + rows, 1, "int32"), V).mul(-1e9);
      const r = tf.topk(S.add(self), kk);
      return [r.values, r.indices];
    });
    score.set(vals.dataSync(), start * kk);
    index.set(idx.dataSync(), start * kk);
    vals.dispose();
    idx.dispose();
  }
  return { index, score, k: kk };
}

/** Cosine top-k neighbours of unit-length vectors [V, dim]. */
export function cosineNeighbours(unit: Float32Array, dim: number, k: number): Neighbours {
  const V = unit.length / dim;
  const X = tf.tensor2d(unit, [V, dim]);
  const Xt = X.transpose(); // [dim, V], materialised once
  const result = topKNeighbours(V, k, (start, rows) => tf.matMul(X.slice([start, 0], [rows, dim]), Xt));
  X.dispose();
  Xt.dispose();
  return result;
}

/**
 * Rank of each query's partner among all other rows (1 = most similar), by cosine, for pairs (a, b).
 */
export function partnerRanks(
  V: number,
  pairs: [number, number][],
  scoreRows: (rows: number[]) => tf.Tensor2D,
): Int32Array {
  const ranks = new Int32Array(pairs.length);
  for (let s = 0; s < pairs.length; s += 512) {
    const chunk = pairs.slice(s, s + 512);
    const r = tf.tidy(() => {
      const S = scoreRows(chunk.map((p) => p[0])); // [n, V]
      const partner = tf.tensor1d(
        chunk.map((p) => p[1]),
        "int32",
      );
      const target = tf.sum(S.mul(tf.oneHot(partner, V)), 1, true); // [n, 1]
      const selfMask = tf
        .oneHot(
          tf.tensor1d(
            chunk.map((p) => p[0]),
            "int32",
          ),
          V,
        )
        .cast("bool");
      const better = tf.logicalAnd(tf.greater(S, target), tf.logicalNot(selfMask));
      return better.sum(1).add(1);
    });
    ranks.set(r.dataSync(), s);
    r.dispose();
  }
  return ranks;
}

/** partnerRanks for unit vectors [V, dim]: scores are cosines against every row. */
export function cosinePartnerRanks(unit: Float32Array, dim: number, pairs: [number, number][]): Int32Array {
  const V = unit.length / dim;
  const X = tf.tensor2d(unit, [V, dim]);
  const Xt = X.transpose(); // materialised: the untransposed matMul is the fast one on wasm
  try {
    return partnerRanks(V, pairs, (rows) =>
      tf.matMul<tf.Tensor2D>(tf.gather(X, tf.tensor1d(rows, "int32")), Xt),
    );
  } finally {
    tf.dispose([X, Xt]);
  }
}

/** Mean of the unit vectors in each group, re-normalised: [groups, dim]. Empty groups stay zero. */
export function groupCentroids(
  unit: Float32Array,
  dim: number,
  groupOf: Int32Array,
  groups: number,
): Float32Array {
  const sums = new Float32Array(groups * dim);
  for (let r = 0; r < groupOf.length; r++) {
    const g = groupOf[r]!;
    if (g < 0) continue;
    for (let k = 0; k < dim; k++) sums[g * dim + k]! += unit[r * dim + k]!;
  }
  return normalizeRows(sums, dim);
}

/** Dot products of every row of A [n, dim] with every row of B [m, dim]: [n, m] (small results only). */
export function crossSimilarity(A: Float32Array, B: Float32Array, dim: number): Float32Array {
  return tf.tidy(() => {
    const a = tf.tensor2d(A, [A.length / dim, dim]);
    const bt = tf.tensor2d(B, [B.length / dim, dim]).transpose();
    return tf.matMul(a, bt).dataSync() as Float32Array;
  });
}
