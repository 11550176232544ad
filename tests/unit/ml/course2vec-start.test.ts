import { beforeAll, describe, expect, it } from "vitest";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { selectBackend, tf } from "@/lib/ml/backend";
import { contextShare, frequentContexts } from "@/lib/ml/course2vec/contexts";
import { BlockMatrix, shiftedPpmiRows } from "@/lib/ml/course2vec/ppmi";
import { lossHasLevelledOff } from "@/lib/ml/course2vec/stopping";
import { randomizedSvd } from "@/lib/ml/course2vec/svd";
import { countCooccurrences, countTokens, negativeDistribution } from "@/lib/ml/pairs";
import { createRng } from "@/lib/random";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

/** A random n × n matrix Σ_r s_r u_r v_rᵀ with orthonormal u, v (Gram-Schmidt of Gaussians). */
function plantedMatrix(n: number, s: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  const orthonormal = () => {
    const cols: number[][] = [];
    for (let r = 0; r < s.length; r++) {
      const v = Array.from({ length: n }, () => rng.normal());
      for (const c of cols) {
        const dot = v.reduce((a, x, i) => a + x * c[i]!, 0);
        c.forEach((x, i) => (v[i]! -= dot * x));
      }
      const len = Math.hypot(...v);
      cols.push(v.map((x) => x / len));
    }
    return cols;
  };
  const u = orthonormal();
  const v = orthonormal();
  const A = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) A[i * n + j] = s.reduce((a, sr, r) => a + sr * u[r]![i]! * v[r]![j]!, 0);
  return A;
}

const asBlocks = (A: Float32Array, n: number, blockRows: number) =>
  new BlockMatrix(n, n, blockRows, (start, rows) => A.slice(start * n, (start + rows) * n));

describe("randomizedSvd", () => {
  it("recovers a planted rank-5 matrix: its singular values, and U Σ Vᵀ = A", () => {
    const n = 48;
    const planted = [9, 7, 4, 2, 1];
    const A = plantedMatrix(n, planted, 3);
    const op = asBlocks(A, n, 20); // three blocks of rows, the last one short
    const { U, s, V } = randomizedSvd(op, 8, { powerIterations: 1, seed: 1 });
    planted.forEach((x, r) => expect(s[r]).toBeCloseTo(x, 3));
    // Past the planted rank there is nothing: zero singular values and zero columns.
    expect(Array.from(s.subarray(5))).toEqual([0, 0, 0]);
    const back = tf.tidy(() => tf.matMul(U.mul(tf.tensor1d(s)), V, false, true).dataSync());
    back.forEach((x, i) => expect(x).toBeCloseTo(A[i]!, 4));
    tf.dispose([U, V]);
    op.dispose();
  });

  it("finds the top singular values of a full-rank matrix, as an exact SVD does", () => {
    const n = 60;
    const rng = createRng(7);
    const A = Float32Array.from({ length: n * n }, () => rng.normal());
    for (let i = 0; i < n; i++) A[i * n + i]! += 20 * Math.exp(-i / 4); // a decaying spectrum on top of noise
    const exact = new SingularValueDecomposition(
      new Matrix(Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)))),
    ).diagonal;
    const op = asBlocks(A, n, 25);
    const { U, s, V } = randomizedSvd(op, 6, { oversample: 10, powerIterations: 3, seed: 2 });
    for (let r = 0; r < 6; r++) expect(Math.abs(s[r]! - exact[r]!) / exact[r]!).toBeLessThan(0.01);
    // The singular vectors are orthonormal.
    const gram = tf.tidy(() => tf.matMul(U, U, true, false).dataSync());
    for (let a = 0; a < 6; a++)
      for (let b = 0; b < 6; b++) expect(gram[a * 6 + b]).toBeCloseTo(a === b ? 1 : 0, 3);
    tf.dispose([U, V]);
    op.dispose();
  });

  it("leaks no tensors", () => {
    const n = 20;
    const op = asBlocks(plantedMatrix(n, [3, 2, 1], 5), n, 8);
    const before = tf.memory().numTensors;
    const { U, V } = randomizedSvd(op, 4);
    tf.dispose([U, V]);
    expect(tf.memory().numTensors).toBe(before);
    op.dispose();
  });
});

describe("shiftedPpmiRows", () => {
  // Two students, one term each: {0, 1} and {1, 2}; window 1, no subsampling, one pass, so
  // P = [[0, 1, 0], [1, 0, 1], [0, 1, 0]] and rowSum(P) = (1, 2, 1). Course 1 is taken twice,
  // so q ∝ (1, 2^0.75, 1) = (0.2716, 0.4568, 0.2716).
  const sentences = [[[0, 1]], [[1, 2]]];
  const tokens = countTokens(sentences, 3);
  const P = countCooccurrences(sentences, 3, tokens, { window: 1, subsample: 0, shuffles: 1 }, 1);
  const q = Float32Array.from(negativeDistribution(tokens));
  const rowSums = Float32Array.from([1, 2, 1]);

  it("is log(P / (rowSum · q)) where that is positive, by hand", () => {
    expect(Array.from(P)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0]);
    const A = shiftedPpmiRows(P, 3, rowSums, q, 1, 0, 3);
    const toCourse1 = Math.log(1 / (1 * q[1]!)); // log(1 / 0.4568) = 0.784
    const from1 = Math.log(1 / (2 * q[0]!)); // log(1 / 0.5432) = 0.610
    expect(toCourse1).toBeCloseTo(0.784, 3);
    expect(from1).toBeCloseTo(0.61, 3);
    const expected = [0, toCourse1, 0, from1, 0, from1, 0, toCourse1, 0];
    Array.from(A).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
  });

  it("subtracts log(shift) and keeps only the positive part; rows can be asked for in bands", () => {
    const A = shiftedPpmiRows(P, 3, rowSums, q, 2, 1, 2); // rows 1 and 2, shift 2
    // Row 1's cells fall to 0.610 − 0.693 < 0 and go; row 2's pair to course 1 keeps 0.784 − 0.693.
    Array.from(A).forEach((x, i) => expect(x).toBeCloseTo([0, 0, 0, 0, 0.784 - Math.log(2), 0][i]!, 3));
  });
});

describe("lossHasLevelledOff", () => {
  const at = (...xs: [number, number][]) => xs.map(([step, loss]) => ({ step, loss }));

  it("stops once the loss falls by less than the tolerance per step between the last two checks", () => {
    // 1.0 → 0.9 over 10 steps is 1% a step: more than 0.5%, keep going.
    expect(lossHasLevelledOff(at([0, 1], [10, 0.9]), 0.005)).toBe(false);
    // 0.9 → 0.89 over 10 steps is 0.11% a step: below 0.5%, stop.
    expect(lossHasLevelledOff(at([0, 1], [10, 0.9], [20, 0.89]), 0.005)).toBe(true);
    // A loss that went up has levelled off too.
    expect(lossHasLevelledOff(at([0, 1], [5, 1.01]), 0.005)).toBe(true);
  });

  it("never stops with tolerance 0 or before two checks", () => {
    expect(lossHasLevelledOff(at([0, 1], [10, 1]), 0)).toBe(false);
    expect(lossHasLevelledOff(at([1, 1]), 0.5)).toBe(false);
  });
});

describe("frequentContexts", () => {
  const counts = Float64Array.from([5, 40, 1, 30, 20, 4]); // 100 occurrences

  it("keeps the most frequent courses until they hold the share asked for, in index order", () => {
    expect(Array.from(frequentContexts(counts, 0.7))).toEqual([1, 3]); // 40 + 30 = 70
    expect(Array.from(frequentContexts(counts, 0.71))).toEqual([1, 3, 4]); // + 20 = 90
    expect(Array.from(frequentContexts(counts, 0.95))).toEqual([0, 1, 3, 4]); // + 5 = 95
  });

  it("keeps every course at share 1", () => {
    expect(Array.from(frequentContexts(counts, 1))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("auto keeps every context for a small vocabulary and 90% of enrollments for a large one", () => {
    expect(contextShare(0, 973)).toBe(1);
    expect(contextShare(0, 8561)).toBe(0.9);
    expect(contextShare(0.8, 973)).toBe(0.8);
  });
});
