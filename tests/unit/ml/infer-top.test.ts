import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "@/lib/ml/backend";
import { predictNextLastStep } from "@/lib/ml/rnn/infer";
import { scoreTopMany, scoreTopNext } from "@/lib/ml/rnn/infer-top";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { topCandidates } from "@/lib/ml/next-term-eval";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

describe("scoreTopNext", () => {
  const V = 50;
  const model = buildRnn(V, 2, { ...DEFAULT_RNN, units: 16, embedding: 8, seed: 5 });
  const full = {
    terms: [
      [1, 2, 3],
      [4, 5],
    ],
    majors: [0],
    slots: [0, 2, 0],
  };
  // The leave-one-out variants, as a recommendation builds them.
  const histories = [
    full,
    { terms: [[1, 2, 3], [4]], majors: [0], slots: [0, 2, 0] },
    { terms: [[1, 2, 3]], majors: [0], slots: [0, 0] },
    {
      terms: [
        [2, 3],
        [4, 5],
      ],
      majors: [0],
      slots: [0, 2, 0],
    },
  ];
  const allowed = Uint8Array.from({ length: V }, (_, i) => (i % 3 === 0 || i > 40 ? 1 : 0));
  const rows = predictNextLastStep(model, histories, 2);

  it("ranks the allowed courses of the first history and gives every history's probabilities at them", () => {
    const got = scoreTopNext(model, histories, 2, { allowed, limit: 7 });
    const want = topCandidates(rows[0]!, allowed, null, 7);
    expect([...got.top]).toEqual(want);
    expect(got.top.every((i) => allowed[i] === 1)).toBe(true);
    want.forEach((i, j) => {
      expect(got.base[j]).toBeCloseTo(rows[0]![i]!, 6);
      for (let k = 0; k < 3; k++) expect(got.variants[k * 7 + j]).toBeCloseTo(rows[k + 1]![i]!, 6);
    });
    // Leaving courses out changes the scores: the reasons have something to compare.
    expect(want.some((i, j) => Math.abs(got.variants[j]! - rows[0]![i]!) > 1e-6)).toBe(true);
  });

  it("ranks by probability times the factor but reports the probability", () => {
    const factor = Float32Array.from({ length: V }, (_, i) => (i > 40 ? 1000 : 1));
    const got = scoreTopNext(model, histories.slice(0, 1), 2, { allowed, factor, limit: 5 });
    const boosted = rows[0]!.map((p, i) => p * factor[i]!);
    expect([...got.top]).toEqual(topCandidates(boosted, allowed, null, 5));
    expect([...got.top].every((i) => i > 40)).toBe(true);
    got.top.forEach((i, j) => expect(got.base[j]).toBeCloseTo(rows[0]![i]!, 6));
    expect(got.variants).toHaveLength(0);
  });

  it("returns nothing to rank when nothing is allowed", () => {
    const got = scoreTopNext(model, histories, 2, { allowed: new Uint8Array(V), limit: 5 });
    expect(got.top).toHaveLength(0);
    expect(() => scoreTopNext(model, histories, 2, { allowed: new Uint8Array(V - 1), limit: 5 })).toThrow(
      /allowed has 49 entries/,
    );
  });
});

describe("scoreTopMany", () => {
  it("gives each request of a batch what scoreTopNext gives it alone", () => {
    const V = 30;
    const model = buildRnn(V, 2, { ...DEFAULT_RNN, units: 16, embedding: 8, seed: 9 });
    const all = new Uint8Array(V).fill(1);
    const some = Uint8Array.from({ length: V }, (_, i) => (i % 2 ? 1 : 0));
    const requests = [
      {
        histories: [
          { terms: [[1, 2], [3]], majors: [0] },
          { terms: [[1, 2]], majors: [0] },
        ],
        pick: { allowed: all, limit: 4 },
      },
      { histories: [{ terms: [[5]], majors: [1] }], pick: { allowed: some, limit: 6 } },
      {
        histories: [
          { terms: [[7, 8], [9], [10, 11]], majors: [] },
          { terms: [[8], [9], [10, 11]], majors: [] },
          { terms: [[7, 8], [9], [11]], majors: [] },
        ],
        pick: { allowed: some, factor: Float32Array.from({ length: V }, (_, i) => 1 + i), limit: 3 },
      },
    ];
    const together = scoreTopMany(model, requests, 2);
    expect(together).toHaveLength(3);
    requests.forEach((r, q) => {
      const alone = scoreTopNext(model, r.histories, 2, r.pick);
      expect([...together[q]!.top]).toEqual([...alone.top]);
      alone.base.forEach((p, j) => expect(together[q]!.base[j]).toBeCloseTo(p, 6));
      expect(together[q]!.variants).toHaveLength(alone.variants.length);
      alone.variants.forEach((p, j) => expect(together[q]!.variants[j]).toBeCloseTo(p, 6));
    });
    model.dispose();
  });
});
