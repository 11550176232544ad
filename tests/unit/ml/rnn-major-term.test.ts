import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { predictNext, restoreRnn } from "@/lib/ml/rnn/infer";
import { MAJOR_TERM_CAP, MajorAtTerm } from "@/lib/ml/rnn/layers";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { trainRnn } from "@/lib/ml/rnn/train";
import { serializeWeights } from "@/lib/ml/rnn/weights";
import type { Sequence } from "@/lib/ml/sequences";
import { rnnParamsSchema } from "@/lib/models/run-schemas";
import { describeRnnConfig } from "@/lib/models/rnn-config";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

const p = { ...DEFAULT_RNN, units: 8, embedding: 5, dropout: 0, threads: 1, termFeatures: false };

describe("the major at the term of career as an input (majorTerm)", () => {
  it("one-hots each major held, or 'no major', at the step's term of career, the last one shared by later terms", () => {
    const T = MAJOR_TERM_CAP + 2;
    const m = tf.buffer([2, T, 2]);
    for (let t = 0; t < T; t++) m.set(1, 0, t, 1); // student 0 holds major 1; student 1 none
    const out = new MajorAtTerm({ name: "t" }).apply(m.toTensor()) as tf.Tensor3D;
    expect(out.shape).toEqual([2, T, 3 * MAJOR_TERM_CAP]);
    const rows = out.arraySync();
    const ones = (b: number, t: number) => rows[b]![t]!.flatMap((x, i) => (x ? [i] : []));
    expect(ones(0, 0)).toEqual([1 * MAJOR_TERM_CAP + 0]); // major 1, first term
    expect(ones(0, 3)).toEqual([1 * MAJOR_TERM_CAP + 3]);
    expect(ones(1, 3)).toEqual([2 * MAJOR_TERM_CAP + 3]); // the "no major" row
    expect(ones(0, T - 1)).toEqual([1 * MAJOR_TERM_CAP + MAJOR_TERM_CAP - 1]); // capped
    expect(ones(0, MAJOR_TERM_CAP - 1)).toEqual(ones(0, T - 1));
    tf.dispose(out);
  });

  it("trains, stores and restores it, and leaves older runs' models as they were (its gradient: rnn-head-loss.test.ts)", async () => {
    const seqs: Sequence[] = [
      { terms: [[0], [1, 2], [3]], majors: [1] },
      { terms: [[2], [4, 0, 5]], majors: [] },
      { terms: [[1], [3]], majors: [0, 1] },
    ];
    const model = buildRnn(6, 2, { ...p, majorTerm: true });
    await trainRnn(model, seqs, 6, 2, { ...p, majorTerm: true, epochs: 2, batchSize: 2 });
    const stored = serializeWeights(model);
    const restored = restoreRnn(6, 2, { ...p, majorTerm: true }, stored);
    const h = [{ terms: [[0], [1]], majors: [1] }];
    expect(Array.from(predictNext(restored, h, 6, 2)[0]!)).toEqual(
      Array.from(predictNext(model, h, 6, 2)[0]!),
    );
    // A run stored before the field: no such input, the old number of weights.
    const params = rnnParamsSchema.parse({
      ...p,
      minStudents: 20,
      minTestStudents: 200,
      initFromCourse2vec: false,
      guard: 0.02,
      evalEvery: 1,
    });
    expect(params.majorTerm).toBeUndefined();
    const old = buildRnn(6, 2, params);
    // The input's own [(M + 1) · cap, 32] kernel, and the LSTM's 32 more inputs (4 gates × 8 units each).
    expect(old.countParams()).toBe(model.countParams() - 3 * MAJOR_TERM_CAP * 32 - 32 * 4 * 8);
    expect(describeRnnConfig({ ...params, majorTerm: true })).toContain("major × term of career");
    expect(describeRnnConfig(params)).not.toContain("term of career");
    [model, restored, old].forEach((x) => x.dispose());
  });
});
