import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { batchGradients } from "@/lib/ml/rnn/gradients";
import { nextTermHeadLoss, nextTermLoss } from "@/lib/ml/rnn/loss";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { disposeBatch, makeBatch, modelInputs, targetSteps, type Sequence } from "@/lib/ml/sequences";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

const seqs: Sequence[] = [
  { terms: [[0], [1, 2], [3]], majors: [1], slots: [0, 1, 2] },
  { terms: [[2], [4, 0, 5]], majors: [], slots: [2, 0] },
  { terms: [[1]], majors: [0], slots: [1] },
  { terms: [[5, 5], [3]], majors: [0, 1], slots: [0, 2] }, // a course twice in a term: its share adds up
];
// Per-course target weights: 1 each (targetWeighting "course"), uneven, and none (1/k).
const weighted: Sequence[] = [
  { ...seqs[0]!, targetWeights: [[1], [1, 1], [1]] },
  { ...seqs[1]!, targetWeights: [[2], [0.5, 1, 1.5]] },
  seqs[2]!,
];

/**
 * The plain formulation: logits = h · kernel + bias, then −Σ y′ · log softmax (docs/background.md)
 * by autodiff, with y′ = (1 − ε) y + ε · mask / V (label smoothing; a step's mask is its target mass).
 */
function referenceLoss(
  h: tf.Tensor3D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  y: tf.Tensor2D,
  mask: tf.Tensor2D,
  steps: number,
  smoothing = 0,
) {
  const [B, T, U] = h.shape;
  const V = kernel.shape[1];
  const logits = tf.matMul(h.reshape([B * T, U]), kernel).add(bias);
  const smoothed = y.mul(1 - smoothing).add(mask.reshape([B * T, 1]).mul(smoothing / V));
  return tf.logSoftmax(logits).mul(smoothed).sum().neg().div<tf.Scalar>(steps);
}

describe("nextTermHeadLoss (the output layer and the loss as one op)", () => {
  it("gives the value and the gradients (h, kernel, bias) of the plain formulation, for a whole batch and a part of one, with weighted targets and label smoothing", () => {
    for (const [group, smoothing, denominator] of [
      [seqs, 0, undefined],
      [seqs, 0, 11],
      [weighted, 0, undefined],
      [weighted, 0.2, undefined],
      [weighted, 0.2, 13],
    ] as const) {
      const b = makeBatch(group, 2);
      const [B, T] = b.mask.shape;
      const V = 6;
      const U = 4;
      const y = tf.scatterND(b.targets.idx, b.targets.w, [B * T, V]).as2D(B * T, V);
      const h = tf.randomNormal<tf.Rank.R3>([B, T, U], 0, 1.5, "float32", 3);
      const kernel = tf.randomNormal<tf.Rank.R2>([U, V], 0, 1, "float32", 4);
      const bias = tf.randomNormal<tf.Rank.R1>([V], 0, 1, "float32", 5);
      const steps = denominator ?? targetSteps(group);
      const kept: tf.Tensor[] = [];
      const ours = tf.grads((x, k, c) =>
        nextTermHeadLoss(
          x as tf.Tensor3D,
          k as tf.Tensor2D,
          c as tf.Tensor1D,
          b.targets,
          b.mask,
          kept,
          denominator,
          smoothing,
        ),
      );
      const ref = tf.grads((x, k, c) =>
        referenceLoss(x as tf.Tensor3D, k as tf.Tensor2D, c as tf.Tensor1D, y, b.mask, steps, smoothing),
      );
      const g = ours([h, kernel, bias]);
      const gr = ref([h, kernel, bias]);
      tf.dispose(kept);
      g.forEach((t, i) => {
        expect(t.shape).toEqual(gr[i]!.shape);
        const want = gr[i]!.dataSync();
        expect(want.some((x) => Math.abs(x) > 0.01)).toBe(true);
        Array.from(t.dataSync()).forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
      });
      const value = tf.tidy(
        () => nextTermHeadLoss(h, kernel, bias, b.targets, b.mask, [], denominator, smoothing).dataSync()[0]!,
      );
      expect(value).toBeCloseTo(
        tf.tidy(() => referenceLoss(h, kernel, bias, y, b.mask, steps, smoothing).dataSync()[0]!),
        5,
      );
      tf.dispose([...g, ...gr, y, h, kernel, bias]);
      disposeBatch(b);
    }
  });

  it("stays finite for a target the model rules out entirely", () => {
    const b = makeBatch([{ terms: [[0], [1]], majors: [] }], 1);
    const h = tf.ones<tf.Rank.R3>([1, 2, 2]);
    const kernel = tf.tensor2d([
      [500, -500, 0],
      [500, -500, 0],
    ]); // course 1 gets exp(-2000) ≈ 0
    const value = tf.tidy(
      () => nextTermHeadLoss(h, kernel, tf.zeros([3]), b.targets, b.mask, []).dataSync()[0]!,
    );
    expect(Number.isFinite(value) && value > 40).toBe(true);
    disposeBatch(b);
  });
});

describe("batchGradients", () => {
  it("equals autodiff of the model's own output followed by nextTermLoss, for every weight (the major-at-term input's too), and leaks nothing", () => {
    const p = { ...DEFAULT_RNN, units: 8, embedding: 5, dropout: 0, threads: 1 };
    for (const majorTerm of [false, true]) {
      const model = buildRnn(6, 2, { ...p, majorTerm });
      const before = tf.memory().numTensors;
      const ours = batchGradients(model, seqs, 2, 13);
      const b = makeBatch(seqs, 2);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const ref = tf.variableGrads(
        () =>
          nextTermLoss(
            model.apply(modelInputs(model, b), { training: true }) as tf.Tensor3D,
            b.targets,
            b.mask,
            13,
          ),
        vars,
      );
      expect(ours.loss.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0]!, 5);
      vars.forEach((v, i) => {
        const want = ref.grads[v.name]!.dataSync();
        expect(want.some((x) => Math.abs(x) > 1e-4)).toBe(true); // every weight learns, major_term_embedding too
        Array.from(ours.grads[i]!.dataSync()).forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 5));
      });
      expect(vars.some((v) => v.name.includes("major_term_embedding"))).toBe(majorTerm);
      tf.dispose([ours.loss, ...ours.grads, ref.value, ...Object.values(ref.grads)]);
      disposeBatch(b);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });
});

describe("the output layer's initialisation", () => {
  it("is uniform in ±1/sqrt(units), bias included, with fanInInit (PyTorch's nn.Linear default); Glorot and a zero bias without", () => {
    const p = { ...DEFAULT_RNN, units: 16, embedding: 4, threads: 1 };
    const weights = (fanInInit: boolean) =>
      buildRnn(300, 1, { ...p, fanInInit })
        .getLayer("next_term")
        .getWeights()
        .map((w) => Array.from(w.dataSync()));
    const [kernel, bias] = weights(true);
    const bound = 1 / Math.sqrt(16);
    for (const w of [kernel!, bias!]) {
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound); // spans the range (300+ draws)
    }
    const [glorot, zeros] = weights(false);
    expect(Math.max(...glorot!.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (16 + 300)));
    expect(zeros!.every((x) => x === 0)).toBe(true);
    expect(DEFAULT_RNN.fanInInit).toBe(true);
  });
});
