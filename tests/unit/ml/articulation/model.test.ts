import { describe, expect, it } from "vitest";
import { evaluateHeldout, trainArticulation } from "@/lib/ml/articulation/model";
import { twoInstitutions } from "./synthetic";

const { from, to, truth } = twoInstitutions(7);
// 40% of the equivalences known (every from course with i % 5 < 2), the rest held out.
const known = truth.filter(([i]) => i % 5 < 2);
const heldout = truth.filter(([i]) => i % 5 >= 2);
const trained = trainArticulation(from, to, known);

describe("the articulation model", () => {
  it("ranks held-out equivalents better combined than by enrollment or description alone", () => {
    const m = evaluateHeldout(trained.scorer, heldout);
    expect(m.combined.courses).toBe(30);
    expect(m.combined.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(m.combined.mrr).toBeGreaterThan(m.enrollment.mrr);
    expect(m.combined.mrr).toBeGreaterThan(m.description.mrr);
    // Each signal alone is informative but not perfect on this data.
    expect(m.enrollment.recallAt10).toBeGreaterThan(0.5);
    expect(m.description.recallAt10).toBeGreaterThan(0.5);
  });

  it("reports cross-validated metrics on the known pairs only, and the translation it chose", () => {
    const { cv, trials, translation, folds } = trained.fitted;
    expect(folds).toBe(5);
    expect(cv.combined.courses).toBe(20);
    expect(trials.length).toBeGreaterThan(2);
    const best = Math.max(...trials.map((t) => t.mrr));
    expect(trials.find((t) => t.kind === translation.kind && t.dims === translation.dims)!.mrr).toBe(best);
  });

  it("gives every from course ranked candidates with a probability and reasons", () => {
    const list = trained.candidates[12]!;
    expect(list).toHaveLength(10);
    expect(list.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(list[0]!.to).toBe(12);
    expect(list[0]!.score).toBeGreaterThan(list[1]!.score);
    expect(list.reduce((s, c) => s + c.score, 0)).toBeLessThanOrEqual(1.0001);
    const signals = list[0]!.reasons.map((r) => r.signal);
    expect(signals).toContain("enrollment");
    expect(signals).toContain("description");
    expect(list[0]!.reasons.find((r) => r.signal === "description")!.text).toMatch(
      /^Shared description terms: w\d+/,
    );
  });

  it("learns from the pairs it is given only: more known pairs, another model", () => {
    const more = trainArticulation(from, to, truth);
    expect(more.fitted.cv.combined.courses).toBe(50);
    expect(more.fitted.combination.weights).not.toEqual(trained.fitted.combination.weights);
  });

  it("refuses to cross-validate on fewer than four known courses", () => {
    expect(() => trainArticulation(from, to, known.slice(0, 3))).toThrow(/at least 4 courses/);
  });
});
