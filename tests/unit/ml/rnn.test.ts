import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { batchGradients } from "@/lib/ml/rnn/gradients";
import { predictNext, restoreRnn } from "@/lib/ml/rnn/infer";
import { embeddingBag } from "@/lib/ml/rnn/layers";
import { nextTermLoss } from "@/lib/ml/rnn/loss";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { rnnThreads, splitBatch, trainRnn } from "@/lib/ml/rnn/train";
import { loadWeights, serializeWeights } from "@/lib/ml/rnn/weights";
import { makeBatch, disposeBatch, chooseTestTerm, type Batch } from "@/lib/ml/sequences";
import { rankingMetrics, topCandidates, type EvalCase } from "@/lib/ml/next-term-eval";
import { buildRnnData } from "@/lib/models/rnn-data";
import type { StudentHistory } from "@/lib/ml/vocab";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

describe("makeBatch", () => {
  it("starts with an empty step, keeps term order, pads and masks", () => {
    const b = makeBatch(
      [
        { terms: [[0], [1, 2], [3]], majors: [1] },
        { terms: [[2]], majors: [] },
      ],
      2,
    );
    expect(b.x.idx.shape).toEqual([2, 3, 2]); // K = 2: the largest term
    const idx = b.x.idx.arraySync();
    const w = b.x.w.arraySync();
    const y = denseTargets(b, 4).arraySync();
    expect(w[0]![0]).toEqual([0, 0]); // start step: no courses yet
    expect([idx[0]![1], w[0]![1]]).toEqual([
      [0, 0],
      [1, 0],
    ]); // step 1 sees term 0 (course 0, then padding)
    expect([idx[0]![2], w[0]![2]]).toEqual([
      [1, 2],
      [1, 1],
    ]); // step 2 sees term 1
    expect(w[1]![1]).toEqual([0, 0]); // the second student has one term: step 1 is padding
    expect(y[0]![0]).toEqual([1, 0, 0, 0]); // step 0 predicts term 0
    expect(y[0]![1]).toEqual([0, 0.5, 0.5, 0]); // normalised target set
    expect(y[0]![2]).toEqual([0, 0, 0, 1]);
    expect(y[1]![0]).toEqual([0, 0, 1, 0]);
    expect(y[1]![1]).toEqual([0, 0, 0, 0]); // padding predicts nothing
    expect(b.mask.arraySync()).toEqual([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    expect(b.m.arraySync()[0]![2]).toEqual([0, 1]);
    disposeBatch(b);
  });
});

/** The sparse targets as the dense [batch, steps, V] tensor of docs/background.md. */
function denseTargets(b: Batch, V: number): tf.Tensor3D {
  const [B, T] = b.mask.shape;
  return tf.scatterND(b.targets.idx, b.targets.w, [B * T, V]).reshape<tf.Tensor3D>([B, T, V]);
}

describe("nextTermLoss", () => {
  it("equals the masked cross-entropy −Σ y · log softmax (docs/background.md), and so does its gradient", () => {
    const b = makeBatch(
      [
        { terms: [[0], [1, 2], [3]], majors: [1] },
        { terms: [[2], [4, 0]], majors: [] },
        { terms: [[1]], majors: [0] },
      ],
      2,
    );
    const V = 5;
    const logits = tf.randomNormal<tf.Rank.R3>([3, 3, V], 0, 3, "float32", 7);
    const y = denseTargets(b, V);
    const reference = (z: tf.Tensor) =>
      tf.logSoftmax(z).mul(y).sum(-1).neg().mul(b.mask).sum().div<tf.Scalar>(b.mask.sum());
    const ours = (z: tf.Tensor) => nextTermLoss(z as tf.Tensor3D, b.targets, b.mask);
    expect(tf.tidy(() => ours(logits).dataSync()[0])).toBeCloseTo(
      tf.tidy(() => reference(logits).dataSync()[0]!),
      5,
    );
    const gOurs = tf.grad(ours)(logits).dataSync();
    const gRef = tf.grad(reference)(logits).dataSync();
    expect(gRef.some((g) => Math.abs(g) > 0.01)).toBe(true);
    Array.from(gOurs).forEach((g, i) => expect(g).toBeCloseTo(gRef[i]!, 5));
    // Very confident wrong logits: the loss stays finite (no log 0).
    const extreme = tf.tidy(() => ours(logits.mul(200)).dataSync()[0]!);
    expect(Number.isFinite(extreme) && extreme > 100).toBe(true);
    disposeBatch(b);
  });
});

describe("the output layer", () => {
  it("computes h · kernel + bias with the gradients autodiff gives that expression", () => {
    const layer = buildRnn(6, 1, { ...DEFAULT_RNN, units: 4, embedding: 3, dropout: 0 }).getLayer(
      "next_term",
    );
    const [kernel, bias] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    bias!.assign(tf.tensor1d([0.5, -1, 2, 0, 1, -0.5]));
    const h = tf.randomNormal<tf.Rank.R3>([2, 3, 4], 0, 1, "float32", 5);
    const upstream = tf.randomNormal([2, 3, 6], 0, 1, "float32", 6);
    const reference = () =>
      tf
        .matMul(h.reshape([6, 4]), kernel!)
        .add(bias!)
        .reshape([2, 3, 6]);
    expect(Array.from((layer.apply(h) as tf.Tensor).dataSync())).toEqual(
      // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- vitest types asymmetric matchers as any
      Array.from(reference().dataSync()).map((x) => expect.closeTo(x, 5)),
    );
    const ours = tf.variableGrads(
      () => (layer.apply(h) as tf.Tensor).mul(upstream).sum<tf.Scalar>(),
      [kernel!, bias!],
    );
    const ref = tf.variableGrads(() => reference().mul(upstream).sum<tf.Scalar>(), [kernel!, bias!]);
    for (const v of [kernel!, bias!])
      Array.from(ours.grads[v.name]!.dataSync()).forEach((g, i) =>
        expect(g).toBeCloseTo(ref.grads[v.name]!.dataSync()[i]!, 5),
      );
    const gh = tf
      .grad((x: tf.Tensor) => (layer.apply(x) as tf.Tensor).mul(upstream).sum())(h)
      .dataSync();
    const ghRef = tf.matMul(upstream.reshape([6, 6]), kernel!.transpose()).dataSync();
    Array.from(gh).forEach((g, i) => expect(g).toBeCloseTo(ghRef[i]!, 5));
  });
});

describe("the model's dropout", () => {
  it("draws a new mask for every training batch, the same sequence for the same seed, none at inference", () => {
    const masks = (seed: number) => {
      const drop = buildRnn(
        5,
        1,
        { ...DEFAULT_RNN, units: 64, embedding: 4, dropout: 0.5, seed },
        { forLoading: true },
      ).getLayer("dropout_1");
      return tf.tidy(() =>
        [0, 1, 2].map(() =>
          Array.from((drop.apply(tf.ones([2, 3, 64]), { training: true }) as tf.Tensor).dataSync()),
        ),
      );
    };
    const [a, b, c] = masks(1);
    expect(a).not.toEqual(b);
    expect(b).not.toEqual(c);
    expect(a!.filter((x) => x === 0).length).toBeGreaterThan(30); // about half of 384 dropped
    expect(masks(1)).toEqual([a, b, c]);
    const drop = buildRnn(
      5,
      1,
      { ...DEFAULT_RNN, units: 8, embedding: 4, dropout: 0.5 },
      { forLoading: true },
    ).getLayer("dropout_1");
    expect(tf.tidy(() => Array.from((drop.apply(tf.ones([1, 2, 8])) as tf.Tensor).dataSync()))).toEqual(
      Array(16).fill(1),
    );
  });
});

describe("embeddingBag", () => {
  it("equals the multi-hot × Dense product (docs/background.md), and so does its gradient", () => {
    const V = 5;
    const kernel = tf.randomNormal<tf.Rank.R2>([V, 3], 0, 1, "float32", 3);
    // Two steps: courses {1, 3} and {3, 3 (a duplicate), 0}; padding carries weight 0.
    const idx = tf.tensor3d(
      [
        [
          [1, 3, 0],
          [3, 3, 0],
        ],
      ],
      [1, 2, 3],
      "int32",
    );
    const w = tf.tensor3d(
      [
        [
          [1, 1, 0],
          [1, 1, 1],
        ],
      ],
      [1, 2, 3],
    );
    const multiHot = tf.tensor3d(
      [
        [
          [0, 1, 0, 1, 0],
          [1, 0, 0, 2, 0],
        ],
      ],
      [1, 2, V],
    );
    const dense = (k: tf.Tensor) => tf.matMul(multiHot.reshape([2, V]), k as tf.Tensor2D).reshape([1, 2, 3]);
    const upstream = tf.tensor3d([
      [
        [1, -2, 0.5],
        [3, 1, -1],
      ],
    ]);
    expect(embeddingBag(kernel, idx, w).arraySync()).toEqual(dense(kernel).arraySync());
    const gBag = tf.grad((k: tf.Tensor) =>
      embeddingBag(k as tf.Tensor2D, idx, w)
        .mul(upstream)
        .sum(),
    )(kernel);
    const gDense = tf.grad((k: tf.Tensor) => dense(k).mul(upstream).sum())(kernel);
    Array.from(gBag.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(gDense.dataSync()[i]!, 5));
  });
});

describe("temporal split", () => {
  const h = (terms: [number, number[]][], majors = ["M"]): StudentHistory => ({
    terms: terms.map(([ordinal, courses]) => ({ ordinal, courses })),
    majors,
  });
  const histories: StudentHistory[] = [];
  for (let i = 0; i < 30; i++)
    histories.push(
      h([
        [1, [10, 11]],
        [2, [12]],
        [3, [13, 99]],
      ]),
    );
  for (let i = 0; i < 5; i++)
    histories.push(
      h([
        [1, [10]],
        [4, [12]],
      ]),
    );

  it("chooses the newest term with enough students and never trains on it", () => {
    const data = buildRnnData(histories, 1, 20);
    expect(data.testTerm).toBe(3); // term 4 has only 5 students
    // Course 99 is taken only in the test term: it must not be in the vocabulary or any training sequence.
    expect(data.vocab.indexOf.has(99)).toBe(false);
    const idx13 = data.vocab.indexOf.get(13);
    expect(idx13).toBeUndefined();
    for (const s of data.train) expect(s.terms.length).toBeLessThanOrEqual(2);
    expect(data.cases).toHaveLength(30);
    expect(data.cases[0]!.targetCount).toBe(2);
    expect(
      chooseTestTerm(
        new Map([
          [5, 3],
          [4, 50],
        ]),
        10,
      ),
    ).toBe(4);
  });
});

describe("ranking metrics", () => {
  it("computes recall@10 and MRR@10 as by hand", () => {
    const offered = Uint8Array.from({ length: 12 }, () => 1);
    const scores = Float32Array.from({ length: 12 }, (_, i) => 12 - i); // ranks 0,1,2,… best first
    const cases: EvalCase[] = [
      {
        history: { terms: [[0]], majors: [] },
        target: [1, 11],
        targetCount: 2,
        taken: new Set([0]),
      },
      {
        history: { terms: [[5], [6]], majors: [] },
        target: [3],
        targetCount: 2,
        taken: new Set([5, 6]),
      },
    ];
    // Case 1: top 10 excluding taken 0 = 1..10 → hit 1 at rank 1; 11 missed. Case 2: top 10
    // excluding 5, 6 = 0-4, 7-11 → hit 3 at rank 4; the second course was out of vocabulary.
    const m = rankingMetrics(cases, [scores, scores], offered, true);
    expect(m.recallAt10).toBeCloseTo(2 / 4);
    expect(m.mrrAt10).toBeCloseTo((1 + 1 / 4) / 2);
    const raw = rankingMetrics(cases, [scores, scores], offered, false);
    expect(raw.mrrAt10).toBeCloseTo((1 / 2 + 1 / 4) / 2);
    expect(m.byPriorTerms["1"]!.students).toBe(1);
    expect(m.byPriorTerms["2-3"]!.recallAt10).toBeCloseTo(1 / 2);
  });

  it("ranks only allowed candidates", () => {
    expect(topCandidates([5, 9, 7, 8], Uint8Array.from([1, 0, 1, 1]), new Set([3]), 2)).toEqual([2, 0]);
  });
});

describe("the next-term LSTM", () => {
  // Planted: whoever takes 0 takes 1 next term; whoever takes 2 takes 3 next term.
  const train = Array.from({ length: 200 }, (_, i) =>
    i % 2 === 0
      ? { terms: [[0], [1], [4 + (i % 3)]], majors: [0] }
      : { terms: [[2], [3], [4 + (i % 3)]], majors: [1] },
  );
  const params = {
    ...DEFAULT_RNN,
    units: 16,
    embedding: 8,
    epochs: 25,
    batchSize: 32,
    learningRate: 0.02,
    dropout: 0,
  };

  it("learns that B follows A, and survives a round trip through stored weights", async () => {
    const model = buildRnn(7, 2, params);
    await trainRnn(model, train, 7, 2, params);
    const [afterA, afterC] = predictNext(
      model,
      [
        { terms: [[0]], majors: [0] },
        { terms: [[2]], majors: [1] },
      ],
      7,
      2,
    );
    expect(afterA!.indexOf(Math.max(...afterA!))).toBe(1);
    expect(afterC!.indexOf(Math.max(...afterC!))).toBe(3);
    const { data, shapes } = serializeWeights(model);
    const copy = buildRnn(7, 2, params, { forLoading: true });
    loadWeights(copy, data, shapes);
    const [again] = predictNext(copy, [{ terms: [[0]], majors: [0] }], 7, 2);
    expect(Array.from(again!)).toEqual(Array.from(afterA!));
    model.dispose();
    copy.dispose();
  });

  it("restores a stored model for inference, and refuses weights of another model's size", async () => {
    const model = buildRnn(7, 2, params);
    await trainRnn(model, train.slice(0, 64), 7, 2, { ...params, epochs: 2 });
    const stored = serializeWeights(model);
    const histories = [
      { terms: [[0]], majors: [0] },
      { terms: [[2], [3]], majors: [1] },
    ];
    const restored = restoreRnn(7, 2, params, stored);
    expect(predictNext(restored, histories, 7, 2).map((p) => Array.from(p))).toEqual(
      predictNext(model, histories, 7, 2).map((p) => Array.from(p)),
    );
    const before = tf.memory().numTensors;
    const cut = { data: stored.data.subarray(0, stored.data.byteLength - 4), shapes: stored.shapes };
    const padded = { data: Buffer.concat([stored.data, Buffer.alloc(4)]), shapes: stored.shapes };
    for (const bad of [cut, padded])
      expect(() => restoreRnn(7, 2, params, bad)).toThrow(
        /the weights hold \d+ numbers, the model needs \d+/,
      );
    expect(() => restoreRnn(8, 2, params, stored)).toThrow(); // another vocabulary's model
    expect(tf.memory().numTensors).toBe(before); // the half-built models are disposed
    model.dispose();
    restored.dispose();
  });

  it("leaks no tensors in training and inference", async () => {
    const model = buildRnn(7, 2, { ...params, epochs: 1 });
    const before = tf.memory().numTensors;
    await trainRnn(model, train.slice(0, 40), 7, 2, { ...params, epochs: 1 });
    predictNext(model, [{ terms: [[0]], majors: [0] }], 7, 2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("splits a batch between two threads so that the parts' gradients add up to the whole batch's", () => {
    const model = buildRnn(7, 2, params);
    const group = train.slice(0, 11).map((s, i) => (i % 4 === 0 ? { ...s, terms: s.terms.slice(0, 2) } : s));
    const [mine, theirs] = splitBatch(group);
    expect(theirs).toHaveLength(4); // 45% of 11, interleaved
    expect(mine).toHaveLength(7);
    expect(new Set([...mine, ...theirs])).toEqual(new Set(group));
    const steps = group.reduce((n, s) => n + s.terms.length, 0);
    // Also with each course weighing 1 (a step's mask is then its mass) and label smoothing.
    const weighted = (part: typeof group) =>
      part.map((s) => ({ ...s, targetWeights: s.terms.map((t) => t.map(() => 1)) }));
    for (const [parts, smoothing] of [[(x: typeof group) => x, 0] as const, [weighted, 0.1] as const]) {
      const whole = batchGradients(model, parts(group), 2, undefined, undefined, smoothing);
      const a = batchGradients(model, parts(mine), 2, steps, undefined, smoothing);
      const b = batchGradients(model, parts(theirs), 2, steps, undefined, smoothing);
      expect(a.loss.dataSync()[0]! + b.loss.dataSync()[0]!).toBeCloseTo(whole.loss.dataSync()[0]!, 5);
      whole.grads.forEach((g, i) => {
        const sum = a.grads[i]!.add(b.grads[i]!).dataSync();
        Array.from(g.dataSync()).forEach((x, j) => expect(sum[j]).toBeCloseTo(x, 5));
      });
      tf.dispose([whole.loss, a.loss, b.loss, ...whole.grads, ...a.grads, ...b.grads]);
    }
    model.dispose();
  });

  it("trains the same model on two threads (a worker computes part of each batch) as on one", async () => {
    expect(rnnThreads({ threads: 0 }, 7)).toBe(1); // too small to pay for a worker
    const p = { ...params, epochs: 3 };
    const one = buildRnn(7, 2, p);
    const two = buildRnn(7, 2, p);
    await trainRnn(one, train, 7, 2, { ...p, threads: 1 });
    const before = tf.memory().numTensors;
    await trainRnn(two, train, 7, 2, { ...p, threads: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const w1 = one.getWeights().map((w) => Array.from(w.dataSync()));
    const w2 = two.getWeights().map((w) => Array.from(w.dataSync()));
    const maxDiff = Math.max(...w1.flatMap((w, i) => w.map((x, j) => Math.abs(x - w2[i]![j]!))));
    expect(maxDiff).toBeLessThan(1e-3);
    const [afterA] = predictNext(two, [{ terms: [[0]], majors: [0] }], 7, 2);
    expect(afterA!.indexOf(Math.max(...afterA!))).toBe(1);
    one.dispose();
    two.dispose();
  });
});
