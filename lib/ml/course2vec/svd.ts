import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { tf } from "../backend";
import { createRng } from "../../random";

/** A matrix A [rows, cols] known only through its products with tall matrices, on the backend. */
export type LinearOperator = {
  rows: number;
  cols: number;
  /** A X for X [cols, l]: [rows, l]. */
  times(X: tf.Tensor2D): tf.Tensor2D;
  /** Aᵀ X for X [rows, l]: [cols, l]. */
  timesTransposed(X: tf.Tensor2D): tf.Tensor2D;
};

export type TruncatedSvd = {
  /** [rows, rank] left singular vectors (columns past the numerical rank are zero). */
  U: tf.Tensor2D;
  /** The rank largest singular values, descending. */
  s: Float32Array;
  /** [cols, rank] right singular vectors. */
  V: tf.Tensor2D;
};

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithm 4.4): the range of A Ω for
 * a Gaussian Ω with `oversample` extra columns, sharpened by `powerIterations` rounds of A Aᵀ with
 * re-orthonormalisation between them, then the exact SVD of the small projection Qᵀ A. Every large
 * product is one of the operator's tall matMuls (a few passes over A in all); the small
 * eigenproblems run in JavaScript (ml-matrix).
 */
export function randomizedSvd(
  A: LinearOperator,
  rank: number,
  { oversample = 10, powerIterations = 2, seed = 1 } = {},
): TruncatedSvd {
  const l = Math.min(rank + oversample, A.rows, A.cols);
  const rng = createRng(seed);
  const omega = Float32Array.from({ length: A.cols * l }, () => rng.normal());
  let Q = orthonormalise(tf.tensor2d(omega, [A.cols, l]), (X) => A.times(X));
  for (let i = 0; i < powerIterations; i++) {
    const Z = orthonormalise(Q, (X) => A.timesTransposed(X));
    Q = orthonormalise(Z, (X) => A.times(X));
  }
  // B = Qᵀ A, held as Bᵀ = Aᵀ Q [cols, k]; B Bᵀ = Ũ Λ Ũᵀ gives A ≈ (Q Ũ) Λ^½ (Bᵀ Ũ Λ^-½)ᵀ.
  const Bt = A.timesTransposed(Q);
  const { vectors, values } = symmetricEigen(gram(Bt));
  const k = values.length;
  const s = new Float32Array(rank);
  const rotU = new Float32Array(k * rank);
  const rotV = new Float32Array(k * rank);
  const tol = Math.max(values[0] ?? 0, 0) * 1e-10;
  for (let r = 0; r < Math.min(rank, k); r++) {
    if (values[r]! <= tol) break;
    s[r] = Math.sqrt(values[r]!);
    for (let i = 0; i < k; i++) {
      rotU[i * rank + r] = vectors[i * k + r]!;
      rotV[i * rank + r] = vectors[i * k + r]! / s[r]!;
    }
  }
  const U = tf.tidy(() => tf.matMul<tf.Tensor2D>(Q, tf.tensor2d(rotU, [k, rank])));
  const V = tf.tidy(() => tf.matMul<tf.Tensor2D>(Bt, tf.tensor2d(rotV, [k, rank])));
  tf.dispose([Q, Bt]);
  return { U, s, V };
}

/**
 * An orthonormal basis of the range of f(X) (X is disposed): Gram eigen-orthonormalisation, twice
 * (the second pass restores the orthogonality the first loses in float32); directions with no
 * weight are dropped, so a low-rank range gives fewer columns.
 */
function orthonormalise(X: tf.Tensor2D, f: (X: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
  let Y = f(X);
  X.dispose();
  for (let pass = 0; pass < 2; pass++) {
    const { vectors, values } = symmetricEigen(gram(Y));
    const n = values.length;
    const tol = Math.max(values[0] ?? 0, 0) * (pass === 0 ? 1e-9 : 1e-6);
    const keep = values.filter((v) => v > tol).length;
    const T = new Float32Array(n * Math.max(1, keep));
    for (let i = 0; i < n; i++)
      for (let c = 0; c < keep; c++) T[i * keep + c] = vectors[i * n + c]! / Math.sqrt(values[c]!);
    const next = tf.tidy(() => tf.matMul<tf.Tensor2D>(Y, tf.tensor2d(T, [n, Math.max(1, keep)])));
    Y.dispose();
    Y = next;
  }
  return Y;
}

/** Yᵀ Y of a tall [n, l] tensor, read back as a small matrix. */
function gram(Y: tf.Tensor2D): Float64Array {
  const G = tf.matMul(Y, Y, true, false);
  const out = Float64Array.from(G.dataSync());
  G.dispose();
  return out;
}

/** Eigenvalues (descending) and eigenvectors (columns, row-major [n, n]) of a symmetric matrix. */
export function symmetricEigen(G: Float64Array): { values: number[]; vectors: Float64Array } {
  const n = Math.round(Math.sqrt(G.length));
  const rows = Array.from({ length: n }, (_, i) => Array.from(G.subarray(i * n, (i + 1) * n)));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) rows[i]![j] = rows[j]![i] = (rows[i]![j]! + rows[j]![i]!) / 2;
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const order = evd.realEigenvalues
    .map((_, i) => i)
    .sort((a, b) => evd.realEigenvalues[b]! - evd.realEigenvalues[a]!);
  const E = evd.eigenvectorMatrix;
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < n; c++) vectors[i * n + c] = E.get(i, order[c]!);
  return { values: order.map((i) => evd.realEigenvalues[i]!), vectors };
}
