import { describe, expect, it } from "vitest";
import {
  buildNegativeTable,
  buildSentence,
  countCooccurrences,
  flattenSentences,
  keepProbability,
  negativeDistribution,
  sampleNegatives,
  unflattenSentences,
  windowPairs,
} from "@/lib/ml/pairs";
import { createRng } from "@/lib/random";

describe("windowPairs", () => {
  it("pairs each course with its neighbours within the window, weighted by distance", () => {
    const pairs: [number, number, number][] = [];
    windowPairs([10, 11, 12, 13], 2, (c, x, w) => pairs.push([c, x, w]));
    expect(pairs).toEqual([
      [10, 11, 1],
      [10, 12, 0.5],
      [11, 10, 1],
      [11, 12, 1],
      [11, 13, 0.5],
      [12, 10, 0.5],
      [12, 11, 1],
      [12, 13, 1],
      [13, 11, 0.5],
      [13, 12, 1],
    ]);
  });
});

describe("buildSentence", () => {
  it("keeps term order and shuffles only within a term", () => {
    const terms = [[0, 1, 2, 3], [4, 5], [6]];
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const s = buildSentence(terms, createRng(seed));
      expect(s.slice(0, 4).sort()).toEqual([0, 1, 2, 3]);
      expect(s.slice(4, 6).sort()).toEqual([4, 5]);
      expect(s[6]).toBe(6);
      seen.add(s.slice(0, 4).join());
    }
    expect(seen.size).toBeGreaterThan(3);
  });
});

describe("subsampling", () => {
  it("keeps rare courses and thins frequent ones", () => {
    expect(keepProbability(0.0001, 1e-3)).toBe(1);
    expect(keepProbability(0.1, 1e-3)).toBeLessThan(0.2);
    expect(keepProbability(0.1, 0)).toBe(1);
  });

  it("lowers the co-occurrence weight of pairs with a frequent course", () => {
    // Course 0 appears in every sentence; 1 and 2 in a few.
    const sentences = Array.from({ length: 100 }, (_, i) => [[0], [i % 10 === 0 ? 1 : 2]]);
    const tokens = Float64Array.from([100, 10, 90, 0]);
    const plain = countCooccurrences(sentences, 4, tokens, { window: 2, subsample: 0, shuffles: 1 }, 1);
    const thinned = countCooccurrences(sentences, 4, tokens, { window: 2, subsample: 0.01, shuffles: 50 }, 1);
    expect(plain[0 * 4 + 1]).toBe(10);
    expect(thinned[0 * 4 + 2]! / plain[0 * 4 + 2]!).toBeLessThan(thinned[0 * 4 + 1]! / plain[0 * 4 + 1]!);
  });
});

describe("counting on several threads", () => {
  const sentences = Array.from({ length: 60 }, (_, i) => [
    [i % 5, (i + 1) % 5, 5],
    [6 + (i % 3)],
    [],
    [9, i % 10],
  ]);
  const tokens = Float64Array.from({ length: 10 }, (_, c) => sentences.flat(2).filter((x) => x === c).length);
  const opts = { window: 3, subsample: 0.05, shuffles: 4 };

  it("gives the whole count when the passes are split between threads", () => {
    const whole = countCooccurrences(sentences, 10, tokens, opts, 7);
    const even = countCooccurrences(sentences, 10, tokens, opts, 7, [0, 2]);
    const odd = countCooccurrences(sentences, 10, tokens, opts, 7, [1, 3]);
    whole.forEach((x, i) =>
      expect(Math.abs(even[i]! + odd[i]! - x)).toBeLessThanOrEqual(1e-6 * Math.max(1, x)),
    );
    expect(whole.some((x) => x > 0)).toBe(true);
  });

  it("posts sentences as flat arrays and gets the same sentences back", () => {
    expect(unflattenSentences(flattenSentences(sentences))).toEqual(sentences);
  });
});

describe("negative sampling", () => {
  it("draws from unigram^0.75", () => {
    const q = negativeDistribution(Float64Array.from([16, 1]));
    expect(q[0]! / q[1]!).toBeCloseTo(8, 5);
  });

  it("never returns the positive context, even when it dominates the table", () => {
    const table = buildNegativeTable(negativeDistribution(Float64Array.from([1000, 1, 1])), 10_000);
    const rng = createRng(5);
    for (let i = 0; i < 500; i++) {
      const negs = sampleNegatives(table, 0, 5, rng, 3);
      expect(negs).toHaveLength(5);
      expect(negs).not.toContain(0);
    }
  });
});

describe("subsampling before windowing", () => {
  it("lets the window reach past dropped frequent courses, as word2vec does", () => {
    // 5 and 6 are three apart with a very frequent course (0) twice between them: with a window of
    // 2 they never pair unless those are dropped first.
    const sentences = Array.from({ length: 200 }, () => [[5], [0], [0], [6]]);
    const tokens = Float64Array.from([100_000, 0, 0, 0, 0, 200, 200]);
    const plain = countCooccurrences(sentences, 7, tokens, { window: 2, subsample: 0, shuffles: 1 }, 3);
    const thinned = countCooccurrences(sentences, 7, tokens, { window: 2, subsample: 1e-3, shuffles: 4 }, 3);
    expect(plain[5 * 7 + 6]).toBe(0);
    expect(thinned[5 * 7 + 6]).toBeGreaterThan(0);
  });
});
