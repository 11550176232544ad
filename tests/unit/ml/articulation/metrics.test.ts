import { describe, expect, it } from "vitest";
import { evaluateRanking, recallAt, summarizeRanks, trueRanks } from "@/lib/ml/articulation/metrics";

describe("articulation metrics", () => {
  it("ranks the true courses, ties counted against them", () => {
    // Candidates 0..4 scored; the truth is {1, 3}.
    expect(trueRanks([0.9, 0.5, 0.7, 0.2, 0.1], new Set([1, 3]))).toEqual([3, 4]);
    // A constant score puts every true course below every false one.
    expect(trueRanks([1, 1, 1, 1], new Set([2]))).toEqual([4]);
    // Two true courses tied with each other do not push each other down.
    expect(trueRanks([0.5, 0.9, 0.9], new Set([1, 2]))).toEqual([1, 1]);
  });

  it("divides recall@k by min(k, |T|), so a one-to-two equivalence can score 1 at k = 1", () => {
    expect(recallAt([1, 2], 1)).toBe(1);
    expect(recallAt([2, 7], 1)).toBe(0);
    expect(recallAt([2, 7], 5)).toBe(0.5);
    expect(recallAt([2, 7], 10)).toBe(1);
  });

  it("computes recall@1/5/10 and MRR by hand on a tiny case, a one-to-two equivalence counted once", () => {
    // from 0 → {0}: ranked 1st. from 1 → {1, 2}: ranked 2nd and 6th. from 2 → {3}: ranked 12th.
    const scores: Record<number, number[]> = {
      0: [9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      1: [5, 8, 6, 4, 4, 4, 4, 4, 4, 4, 4, 4, 9],
      2: [9, 9, 9, 1, 9, 9, 9, 9, 9, 9, 9, 9, 2],
    };
    const m = evaluateRanking(
      [
        [0, 0],
        [1, 1],
        [1, 2],
        [2, 3],
      ],
      (i) => scores[i]!,
    );
    // Ranks: course 0 [1]; course 1: 8 is 2nd (after 9), 6 is 3rd; course 2: 1 is last of 13.
    expect(trueRanks(scores[1]!, new Set([1, 2]))).toEqual([2, 3]);
    expect(trueRanks(scores[2]!, new Set([3]))).toEqual([13]);
    expect(m.courses).toBe(3);
    expect(m.pairs).toBe(4);
    // recall@1: course 0 hits (1/1), course 1 misses (0/1), course 2 misses: 1/3.
    expect(m.recallAt1).toBeCloseTo(1 / 3);
    // recall@5: 1, (2 of 2)/2 = 1, 0 → 2/3. recall@10: the same.
    expect(m.recallAt5).toBeCloseTo(2 / 3);
    expect(m.recallAt10).toBeCloseTo(2 / 3);
    // MRR: (1/1 + 1/2 + 1/13) / 3.
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 13) / 3);
  });

  it("is NaN, not 0, over no courses", () => {
    expect(summarizeRanks([]).mrr).toBeNaN();
  });
});
