import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { buildContext, type ArticulationCourse } from "@/lib/ml/articulation/features";
import { chooseTranslation, foldsOf, Spaces } from "@/lib/ml/articulation/fit";
import {
  fitProcrustes,
  fitRidge,
  fitSpaceBasis,
  fitTranslation,
  prepareSpace,
  translatedSimilarity,
} from "@/lib/ml/articulation/translate";
import { anisotropic, randomRotation, rng } from "./synthetic";

const frobenius = (A: Matrix) => Math.sqrt(A.to1DArray().reduce((s, x) => s + x * x, 0));

/** Courses with vectors only (no text): the translation tests need nothing else. */
const asCourses = (M: Matrix, prefix: string): ArticulationCourse[] =>
  M.to2DArray().map((v, i) => ({
    code: `${prefix} ${i}`,
    subject: prefix,
    number: String(i),
    title: "",
    description: "",
    levelRank: 0,
    vector: v,
  }));

describe("translation between course2vec spaces", () => {
  it("Procrustes recovers a planted rotation from noisy pairs", () => {
    const { normal } = rng(3);
    const d = 12;
    const R = randomRotation(d, normal);
    const X = anisotropic(40, d, normal);
    const Z = X.mmul(R).add(Matrix.rand(40, d, { random: () => 0.02 * normal() }));
    const W = fitProcrustes(X, Z);
    expect(frobenius(Matrix.sub(W, R)) / frobenius(R)).toBeLessThan(0.05);
    // Orthogonal: WᵀW = I.
    expect(frobenius(Matrix.sub(W.transpose().mmul(W), Matrix.eye(d)))).toBeLessThan(1e-8);
  });

  it("after normalisation, a translation from 30 known pairs finds held-out partners of a rotated space", () => {
    const { normal } = rng(5);
    const d = 16;
    const R = randomRotation(d, normal);
    const Y = anisotropic(200, d, normal);
    const X = Y.mmul(R.transpose()).add(Matrix.rand(200, d, { random: () => 0.1 * normal() }));
    const fromB = fitSpaceBasis(X.to2DArray());
    const toB = fitSpaceBasis(Y.to2DArray());
    const from = prepareSpace(X.to2DArray(), fromB, d);
    const to = prepareSpace(Y.to2DArray(), toB, d);
    const pairs = Array.from({ length: 30 }, (_, i): [number, number] => [i, i]);
    const W = fitTranslation(from, to, pairs, { kind: "procrustes", dims: d, lambda: 0 });
    const heldout = Array.from({ length: 170 }, (_, k) => k + 30);
    const sims = translatedSimilarity(from, to, W, heldout);
    let top1 = 0;
    heldout.forEach((i, r) => {
      const row = sims.subarray(r * 200, (r + 1) * 200);
      if (row.indexOf(Math.max(...row)) === i) top1++;
    });
    expect(top1 / heldout.length).toBeGreaterThan(0.9);
    // Without the translation (identity), the rotated space finds almost none.
    const none = translatedSimilarity(from, to, Matrix.eye(d), heldout);
    let chance = 0;
    heldout.forEach((i, r) => {
      const row = none.subarray(r * 200, (r + 1) * 200);
      if (row.indexOf(Math.max(...row)) === i) chance++;
    });
    expect(chance / heldout.length).toBeLessThan(0.2);
  });

  it("ridge solves the regularised normal equations", () => {
    const { normal } = rng(9);
    const X = anisotropic(50, 6, normal);
    const A = new Matrix(Array.from({ length: 6 }, () => Array.from({ length: 6 }, normal)));
    const Z = X.mmul(A);
    expect(frobenius(Matrix.sub(fitRidge(X, Z, 1e-9), A))).toBeLessThan(1e-4);
    // A large λ shrinks the map towards zero.
    expect(frobenius(fitRidge(X, Z, 1e6))).toBeLessThan(0.01 * frobenius(A));
  });

  it("cross-validation picks Procrustes for a rotation with few pairs, ridge for a skewed linear map with many", () => {
    const { normal } = rng(11);
    const d = 8;
    const choose = (X: Matrix, Y: Matrix, known: number) => {
      const ctx = buildContext(asCourses(X, "C"), asCourses(Y, "U"));
      const pairs = Array.from({ length: known }, (_, i): [number, number] => [i, i]);
      return chooseTranslation(ctx, new Spaces(ctx), pairs, foldsOf(pairs, 5));
    };
    const Y = anisotropic(300, d, normal);
    const rotated = Y.mmul(randomRotation(d, normal)).add(
      Matrix.rand(300, d, { random: () => 0.25 * normal() }),
    );
    const rotation = choose(rotated, Y, 12);
    expect(rotation.translation.kind).toBe("procrustes");

    // A map that stretches one axis tenfold and mixes the others is far from orthogonal.
    const skew = new Matrix(
      Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) => (i === j ? (i === 0 ? 10 : 1) : 0.6 * normal())),
      ),
    );
    const skewed = Y.mmul(skew).add(Matrix.rand(300, d, { random: () => 0.05 * normal() }));
    const linear = choose(skewed, Y, 250);
    expect(linear.translation.kind).toBe("ridge");
    const best = (kind: string) =>
      Math.max(...linear.trials.filter((t) => t.kind === kind).map((t) => t.mrr));
    expect(best("ridge")).toBeGreaterThan(best("procrustes"));
  });
});
