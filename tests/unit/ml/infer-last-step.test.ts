import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "@/lib/ml/backend";
import { predictNext, predictNextLastStep } from "@/lib/ml/rnn/infer";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

describe("predictNextLastStep", () => {
  it("gives predictNext's scores, histories of different lengths and an empty one included", () => {
    const V = 40;
    for (const layers of [1, 2]) {
      const model = buildRnn(V, 3, { ...DEFAULT_RNN, units: 16, embedding: 8, layers, seed: 3 });
      const histories = [
        { terms: [[1, 2], [3], [4, 5, 6]], majors: [0] },
        { terms: [[7]], majors: [1, 2] },
        { terms: [], majors: [2] },
        { terms: Array.from({ length: 12 }, (_, t) => [(t * 3) % V, (t * 7 + 1) % V]), majors: [] },
      ];
      const want = predictNext(model, histories, V, 3);
      const got = predictNextLastStep(model, histories, 3);
      expect(got).toHaveLength(histories.length);
      got.forEach((row, h) => {
        expect(row).toHaveLength(V);
        row.forEach((p, i) => expect(p).toBeCloseTo(want[h]![i]!, 6));
      });
      // Real distributions, not zeros: each row sums to 1.
      for (const row of got) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      model.dispose();
    }
  });
});
