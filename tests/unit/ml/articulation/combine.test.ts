import { describe, expect, it } from "vitest";
import { combinedScores, fitCombination, type Example } from "@/lib/ml/articulation/combine";
import { F } from "@/lib/ml/articulation/features";
import { rng } from "./synthetic";

/** 40 examples of 50 candidates: signal 1 marks the true one (with noise), signal 0 is noise. */
function examples(seed: number): Example[] {
  const { normal, uniform } = rng(seed);
  return Array.from({ length: 40 }, () => {
    const truth = Math.floor(uniform() * 50);
    const rows = new Float64Array(50 * F);
    for (let j = 0; j < 50; j++) {
      rows[j * F] = normal();
      rows[j * F + 1] = (j === truth ? 2 : 0) + normal();
    }
    return { rows, truth: new Set([truth]) };
  });
}

describe("combining the signals", () => {
  it("weighs the informative signal and not the noise, and ranks held-out truths first more often", () => {
    const c = fitCombination(examples(1));
    expect(c.weights[1]!).toBeGreaterThan(1);
    expect(Math.abs(c.weights[0]!)).toBeLessThan(0.3);
    const test = examples(2);
    const top1 = test.filter((e) => {
      const s = combinedScores(c, e.rows);
      return s.indexOf(Math.max(...s)) === [...e.truth][0];
    }).length;
    // Chance is 1 in 50; the best any ranking can do here (by signal 1 alone) is about 0.3.
    expect(top1 / test.length).toBeGreaterThan(0.15);
  });

  it("keeps a masked signal at zero weight", () => {
    const c = fitCombination(examples(1), { mask: [true, false, true, true, true, true] });
    expect(c.weights[1]).toBe(0);
  });
});
