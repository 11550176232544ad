import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { predictNext, predictNextLastStep, restoreRnn } from "@/lib/ml/rnn/infer";
import { runningSum } from "@/lib/ml/rnn/layers";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { stepLearningRate, trainRnn } from "@/lib/ml/rnn/train";
import { serializeWeights } from "@/lib/ml/rnn/weights";
import { disposeBatch, makeBatch, makeInputs, TERM_SLOTS } from "@/lib/ml/sequences";
import { buildRnnData } from "@/lib/models/rnn-data";
import { FALL_SLOT, SPRING_SLOT, SLOTS } from "@/lib/ingest/terms";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

const SUMMER_SLOT = 4;
const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));

describe("term slots as model input", () => {
  it("puts the slot of the term each step predicts at that step, zeros where unknown", () => {
    expect(TERM_SLOTS).toBe(SLOTS);
    const b = makeBatch(
      [
        { terms: [[0], [1]], majors: [], slots: [FALL_SLOT, SPRING_SLOT] },
        { terms: [[2]], majors: [] },
      ],
      1,
    );
    const slot = b.slot.arraySync();
    expect(b.slot.shape).toEqual([2, 2, TERM_SLOTS]);
    expect(slot[0]![0]![FALL_SLOT]).toBe(1); // step 0 predicts term 0 (a Fall)
    expect(slot[0]![1]![SPRING_SLOT]).toBe(1);
    expect(slot[0]![1]!.reduce((a, x) => a + x, 0)).toBe(1);
    expect(slot[1]!.flat().every((x) => x === 0)).toBe(true); // no slots known
    disposeBatch(b);
    // Inference: one more slot, the term asked about, at the step after the history.
    const inputs = makeInputs([{ terms: [[0]], majors: [], slots: [FALL_SLOT, SUMMER_SLOT] }], 1);
    expect(inputs.slot.arraySync()[0]![1]![SUMMER_SLOT]).toBe(1);
    tf.dispose([inputs.x.idx, inputs.x.w, inputs.m, inputs.slot]);
  });

  it("lets the model learn what depends on the season of the next term, and leaks no tensors", async () => {
    // Planted: after course 0, students take 1 in a Spring and 2 in a Summer.
    const train = Array.from({ length: 240 }, (_, i) =>
      i % 2 === 0
        ? { terms: [[0], [1]], majors: [0], slots: [FALL_SLOT, SPRING_SLOT] }
        : { terms: [[0], [2]], majors: [0], slots: [FALL_SLOT, SUMMER_SLOT] },
    );
    const params = {
      ...DEFAULT_RNN,
      units: 16,
      embedding: 8,
      epochs: 30,
      batchSize: 32,
      learningRate: 0.02,
      dropout: 0,
      termFeatures: true,
    };
    const model = buildRnn(4, 1, params);
    expect(model.inputs).toHaveLength(4);
    await trainRnn(model, train, 4, 1, params);
    const before = tf.memory().numTensors;
    const asked = [
      { terms: [[0]], majors: [0], slots: [FALL_SLOT, SPRING_SLOT] },
      { terms: [[0]], majors: [0], slots: [FALL_SLOT, SUMMER_SLOT] },
    ];
    const [spring, summer] = predictNext(model, asked, 4, 1);
    expect(argmax(spring!)).toBe(1);
    expect(argmax(summer!)).toBe(2);
    // The last-step path the web tier uses agrees, and so does a restored copy.
    const last = predictNextLastStep(model, asked, 1);
    last.forEach((p, i) =>
      Array.from(p).forEach((x, c) => expect(x).toBeCloseTo([spring, summer][i]![c]!, 5)),
    );
    expect(tf.memory().numTensors).toBe(before);
    const copy = restoreRnn(4, 1, params, serializeWeights(model));
    expect(argmax(predictNext(copy, asked, 4, 1)[1]!)).toBe(2);
    model.dispose();
    copy.dispose();
  });

  it("gives training sequences each kept term's slot and evaluation cases the test term's slot too", () => {
    const fall = (y: number) => y * SLOTS + FALL_SLOT;
    const spring = (y: number) => y * SLOTS + SPRING_SLOT;
    const histories = Array.from({ length: 30 }, (_, i) => ({
      majors: ["CS"],
      terms: [
        { ordinal: fall(2020), courses: [1, 2] },
        // Course 99 has too few students for the vocabulary: that term is dropped, and its slot with it.
        { ordinal: spring(2021), courses: [i % 10 === 0 ? 99 : 3] },
        { ordinal: fall(2021), courses: [2] },
      ],
    }));
    const data = buildRnnData(histories, 20, 10); // test term: Fall 2021
    expect(data.train[0]!.slots).toEqual([FALL_SLOT]);
    expect(data.train[1]!.slots).toEqual([FALL_SLOT, SPRING_SLOT]);
    expect(data.cases[0]!.history.slots).toEqual([FALL_SLOT, FALL_SLOT]); // + the term asked about
    expect(data.cases[1]!.history.slots).toEqual([FALL_SLOT, SPRING_SLOT, FALL_SLOT]);
  });
});

describe("a run stored before term inputs", () => {
  it("loads from params without termFeatures and answers histories that carry slots", () => {
    const { termFeatures: _, finalLrRatio: __, ...older } = { ...DEFAULT_RNN, units: 8, embedding: 4 };
    const model = buildRnn(5, 1, older);
    expect(model.inputs).toHaveLength(3);
    const restored = restoreRnn(5, 1, older, serializeWeights(model));
    const asked = [{ terms: [[0], [1]], majors: [0], slots: [FALL_SLOT, SPRING_SLOT, FALL_SLOT] }];
    const plain = [{ terms: [[0], [1]], majors: [0] }];
    expect(Array.from(predictNextLastStep(restored, asked, 1)[0]!)).toEqual(
      Array.from(predictNextLastStep(restored, plain, 1)[0]!),
    );
    // The slot input's weights make a term-features run's weights another size: it refuses them.
    expect(() => restoreRnn(5, 1, { ...older, termFeatures: true }, serializeWeights(model))).toThrow();
    model.dispose();
    restored.dispose();
  });
});

describe("runningSum", () => {
  it("is tf.cumsum over the terms axis, and its gradient the one autodiff gives through the last axis", () => {
    const x = tf.randomNormal<tf.Rank.R3>([2, 3, 4], 0, 1, "float32", 1);
    const w = tf.randomNormal([2, 3, 4], 0, 1, "float32", 2);
    const viaLastAxis = (a: tf.Tensor) => tf.cumsum(a.transpose([0, 2, 1]), 2).transpose([0, 2, 1]);
    expect(runningSum(x).sub(viaLastAxis(x)).abs().max().dataSync()[0]).toBeLessThan(1e-6);
    const g1 = tf.grad((a: tf.Tensor) =>
      runningSum(a as tf.Tensor3D)
        .mul(w)
        .sum(),
    )(x);
    const g2 = tf.grad((a: tf.Tensor) => viaLastAxis(a).mul(w).sum())(x);
    expect(g1.sub(g2).abs().max().dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, w, g1, g2]);
  });
});

describe("the learning-rate schedule", () => {
  it("falls linearly from the learning rate to finalLrRatio of it at the last batch; constant for older runs", () => {
    const p = { learningRate: 0.004, finalLrRatio: 0.1 };
    expect(stepLearningRate(p, 0, 11)).toBeCloseTo(0.004, 10);
    expect(stepLearningRate(p, 5, 11)).toBeCloseTo(0.0022, 10);
    expect(stepLearningRate(p, 10, 11)).toBeCloseTo(0.0004, 10);
    expect(stepLearningRate({ learningRate: 0.002 }, 10, 11)).toBe(0.002);
  });
});
