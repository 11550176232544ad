import os from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { batchGradients } from "@/lib/ml/rnn/gradients";
import { nextTermHeadLoss } from "@/lib/ml/rnn/loss";
import { buildRnn } from "@/lib/ml/rnn/model";
import { predictNext } from "@/lib/ml/rnn/infer";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import {
  countTargets,
  createColumnSampler,
  sampledNegatives,
  type ColumnSample,
} from "@/lib/ml/rnn/sampled-columns";
import { disposeSample, makeSampleTensors, sampledHeadLoss } from "@/lib/ml/rnn/sampled-loss";
import { rnnThreads, trainRnn } from "@/lib/ml/rnn/train";
import { disposeBatch, makeBatch, type Sequence } from "@/lib/ml/sequences";
import { createRng } from "@/lib/random";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

const V = 9;
const U = 4;
const seqs: Sequence[] = [
  { terms: [[0], [1, 2], [3]], majors: [1], slots: [0, 1, 2] },
  { terms: [[2], [4, 0, 5]], majors: [], slots: [2, 0] },
  { terms: [[1]], majors: [0], slots: [1] },
  { terms: [[5, 5], [3]], majors: [0, 1], slots: [0, 2] }, // a course twice in a term: its share adds up
];

/**
 * The plain formulation on the sampled columns, by autodiff: logits = h · kernel · S + bias · S −
 * correction with S the [V, C] column selection (a product, so autodiff works on wasm, where
 * gather has no gradient), then −Σ y · log softmax with y over the C columns.
 */
function referenceLoss(
  h: tf.Tensor3D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  sample: ColumnSample,
  y: tf.Tensor2D, // [rows, C]
  mask: tf.Tensor2D,
  steps: number,
): tf.Scalar {
  const [B, T] = mask.shape;
  const C = sample.cols.length;
  const select = tf.oneHot(tf.tensor1d(sample.cols, "int32"), V).transpose(); // [V, C]
  const logits = tf
    .matMul(h.reshape([B * T, U]), tf.matMul(kernel, select))
    .add(tf.matMul(bias.reshape([1, V]), select))
    .sub(tf.tensor2d(sample.correction, [1, C]));
  return tf
    .logSoftmax(logits)
    .mul(y)
    .sum(-1)
    .neg()
    .mul(mask.reshape([B * T]))
    .sum()
    .div<tf.Scalar>(steps);
}

function expectClose(got: tf.Tensor, want: tf.Tensor, digits = 5): void {
  expect(got.shape).toEqual(want.shape);
  const w = want.dataSync();
  Array.from(got.dataSync()).forEach((x, j) => expect(x).toBeCloseTo(w[j]!, digits));
}

describe("sampledHeadLoss (the output layer and the loss over sampled columns)", () => {
  const h = tf.randomNormal<tf.Rank.R3>([4, 3, U], 0, 1.5, "float32", 3);
  const kernel = tf.randomNormal<tf.Rank.R2>([U, V], 0, 1, "float32", 4);
  const bias = tf.randomNormal<tf.Rank.R1>([V], 0, 1, "float32", 5);
  const ours = (sample: ColumnSample, denominator?: number) => {
    const b = makeBatch(seqs, 2);
    const s = makeSampleTensors(sample, b.targets, V);
    const kept: tf.Tensor[] = [];
    const f = (x: tf.Tensor, k: tf.Tensor, c: tf.Tensor) =>
      sampledHeadLoss(x as tf.Tensor3D, k as tf.Tensor2D, c as tf.Tensor1D, s, b.mask, kept, denominator);
    const { value, grads } = tf.valueAndGrads(f)([h, kernel, bias]);
    tf.dispose(kept);
    disposeSample(s);
    disposeBatch(b);
    return { value, grads };
  };

  it("gives the value and gradients of the plain formulation on the same columns, corrections included, and zero for columns not drawn", () => {
    // Targets 0-5 (in the order the sampler lists them), two negatives with their log-Q corrections.
    const sample: ColumnSample = {
      cols: Int32Array.from([0, 1, 2, 3, 4, 5, 8, 6]),
      correction: Float32Array.from([0, 0, 0, 0, 0, 0, -1.2, -0.4]),
    };
    for (const denominator of [undefined, 11]) {
      const b = makeBatch(seqs, 2);
      const [B, T] = b.mask.shape;
      const steps = denominator ?? b.mask.sum().dataSync()[0]!;
      const position = new Map(Array.from(sample.cols).map((c, i) => [c, i]));
      const idx = b.targets.idx.arraySync().map(([row, course]) => [row!, position.get(course!)!]);
      const y = tf.scatterND(tf.tensor2d(idx, undefined, "int32"), b.targets.w, [B * T, 8]).as2D(B * T, 8);
      const ref = tf.valueAndGrads((x, k, c) =>
        referenceLoss(x as tf.Tensor3D, k as tf.Tensor2D, c as tf.Tensor1D, sample, y, b.mask, steps),
      )([h, kernel, bias]);
      const got = ours(sample, denominator);
      expect(got.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0]!, 5);
      got.grads.forEach((g, i) => expectClose(g, ref.grads[i]!));
      const dk = got.grads[1]!.arraySync() as number[][];
      expect(dk.every((row) => row[7] === 0)).toBe(true); // course 7 was not drawn
      expect(dk.some((row) => Math.abs(row[8]!) > 1e-4)).toBe(true); // a drawn negative learns
      disposeBatch(b);
    }
  });

  it("equals the full softmax's nextTermHeadLoss with every course a column and no correction, in any order", () => {
    const sample: ColumnSample = {
      cols: Int32Array.from([3, 0, 8, 1, 2, 7, 4, 6, 5]),
      correction: new Float32Array(V),
    };
    const b = makeBatch(seqs, 2);
    const kept: tf.Tensor[] = [];
    const full = tf.valueAndGrads((x, k, c) =>
      nextTermHeadLoss(x as tf.Tensor3D, k as tf.Tensor2D, c as tf.Tensor1D, b.targets, b.mask, kept, 13),
    )([h, kernel, bias]);
    tf.dispose(kept);
    const got = ours(sample, 13);
    expect(got.value.dataSync()[0]).toBeCloseTo(full.value.dataSync()[0]!, 5);
    got.grads.forEach((g, i) => expectClose(g, full.grads[i]!));
    disposeBatch(b);
  });

  it("gives batchGradients the full-softmax gradients with every course sampled, and leaks nothing", () => {
    const p = { ...DEFAULT_RNN, units: 8, embedding: 5, dropout: 0, threads: 1 };
    const model = buildRnn(V, 2, p);
    const before = tf.memory().numTensors;
    const all: ColumnSample = {
      cols: Int32Array.from([8, 7, 6, 5, 4, 3, 2, 1, 0]),
      correction: new Float32Array(V),
    };
    const sampled = batchGradients(model, seqs, 2, 13, all);
    const full = batchGradients(model, seqs, 2, 13);
    expect(sampled.loss.dataSync()[0]).toBeCloseTo(full.loss.dataSync()[0]!, 5);
    sampled.grads.forEach((g, i) => expectClose(g, full.grads[i]!));
    tf.dispose([sampled.loss, ...sampled.grads, full.loss, ...full.grads]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe("createColumnSampler", () => {
  it("lists every target once with no correction, then distinct negatives outside them with log π", () => {
    const counts = countTargets(seqs, V);
    expect(Array.from(counts)).toEqual([2, 2, 2, 2, 1, 3, 0, 0, 0]);
    const negatives = 6;
    const s = createColumnSampler(counts, negatives, createRng(1))(seqs);
    const cols = Array.from(s.cols);
    expect(cols.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(cols).size).toBe(cols.length);
    expect(Array.from(s.correction.slice(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    const weights = Array.from(counts, (c) => Math.pow(c + 1, 0.75));
    const total = weights.reduce((a, b) => a + b, 0);
    cols.slice(6).forEach((c, i) => {
      const included = 1 - Math.pow(1 - weights[c]! / total, negatives);
      expect(s.correction[6 + i]).toBeCloseTo(Math.log(included), 5);
    });
  });

  it("estimates the softmax denominator outside the targets without bias (Σ e^z / π over the negatives drawn)", () => {
    const counts = Float64Array.from({ length: 40 }, (_, j) => (j * 7) % 13);
    const z = Array.from({ length: 40 }, (_, j) => Math.sin(j) * 2);
    const targets: Sequence[] = [{ terms: [[0, 1, 2]], majors: [] }];
    const truth = z.slice(3).reduce((a, x) => a + Math.exp(x), 0);
    const draw = createColumnSampler(counts, 8, createRng(5));
    let sum = 0;
    const trials = 20_000;
    for (let t = 0; t < trials; t++) {
      const s = draw(targets);
      for (let i = 3; i < s.cols.length; i++) sum += Math.exp(z[s.cols[i]!]! - s.correction[i]!);
    }
    expect(Math.abs(sum / trials / truth - 1)).toBeLessThan(0.01);
  });

  it("is on by default only for large vocabularies: the demo's 965 courses keep the full softmax", () => {
    expect(sampledNegatives({}, 965)).toBe(0);
    expect(sampledNegatives({}, 8484)).toBe(1024);
    expect(sampledNegatives({ sampledSoftmax: 0 }, 8484)).toBe(0);
    expect(sampledNegatives({ sampledSoftmax: 512 }, 965)).toBe(512);
  });

  it("trains on one thread by default with the sampled softmax, on two on wasm with the full one or when asked", () => {
    expect(rnnThreads({ threads: 0 }, 8484)).toBe(1);
    const cores = Math.min(2, os.availableParallelism()); // wasm's auto rule for the full softmax
    expect(rnnThreads({ threads: 0, sampledSoftmax: 0 }, 8484)).toBe(cores);
    expect(rnnThreads({ threads: 0 }, 965)).toBe(cores);
    expect(rnnThreads({ threads: 2 }, 8484)).toBe(2);
  });
});

describe("trainRnn with the sampled softmax", () => {
  // Course 0 (A) is followed by 1 (B), 2 by 3; ten more courses are never a target after A.
  const train: Sequence[] = Array.from({ length: 200 }, (_, i) =>
    i % 2 === 0
      ? { terms: [[0], [1], [4 + (i % 9)]], majors: [0] }
      : { terms: [[2], [3], [4 + (i % 9)]], majors: [1] },
  );
  const p = {
    ...DEFAULT_RNN,
    units: 16,
    embedding: 8,
    epochs: 25,
    batchSize: 32,
    learningRate: 0.02,
    dropout: 0,
  };

  it.each([1, 2])(
    "learns that B follows A on %i thread(s), the worker one step stale, and leaks nothing",
    async (threads) => {
      const model = buildRnn(14, 2, p);
      const before = tf.memory().numTensors;
      await trainRnn(model, train, 14, 2, { ...p, threads, sampledSoftmax: 3, staleWorker: true });
      expect(tf.memory().numTensors).toBe(before);
      const [afterA] = predictNext(model, [{ terms: [[0]], majors: [0] }], 14, 2);
      expect(afterA!.indexOf(Math.max(...afterA!))).toBe(1);
      expect(afterA![1]).toBeGreaterThan(0.5); // the full softmax at inference, trained on samples
      model.dispose();
    },
  );
});
