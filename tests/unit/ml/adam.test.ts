import { beforeAll, describe, expect, it } from "vitest";
import { createAdam } from "@/lib/ml/adam";
import { selectBackend, tf } from "@/lib/ml/backend";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

/** The gradient of Σ (x − target)² / 2 at x. */
const gradient = (x: tf.Variable, target: tf.Tensor) => tf.tidy(() => x.sub(target));

describe("createAdam", () => {
  it("takes the same steps as tf.train.adam", () => {
    const target = tf.tensor1d([1, -2, 0.5, 3]);
    const start = [0.3, 0.1, -0.7, 2];
    const ours = tf.variable(tf.tensor1d(start));
    const theirs = tf.variable(tf.tensor1d(start));
    const adam = createAdam([ours], 0.1, { eps: 1e-7 });
    const reference = tf.train.adam(0.1, 0.9, 0.999, 1e-7);
    for (let step = 0; step < 20; step++) {
      const g = gradient(ours, target);
      adam.apply([g]);
      g.dispose();
      reference.minimize(() => theirs.sub(target).square().sum().div<tf.Scalar>(2), false, [theirs]);
    }
    const a = Array.from(ours.dataSync());
    const b = Array.from(theirs.dataSync());
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4)); // float32 rounding differs by op order
    expect(a.some((v, i) => Math.abs(v - start[i]!) > 0.5)).toBe(true); // it did move
    adam.dispose();
    reference.dispose();
    tf.dispose([ours, theirs, target]);
  });

  it("decays weights decoupled from the gradient (AdamW), and a step's rate overrides the default", () => {
    const x = tf.variable(tf.tensor1d([2, -4]));
    const adam = createAdam([x], 0.1, { weightDecay: 0.5 });
    const zero = tf.zeros([2]);
    adam.apply([zero], 0.2); // no gradient: only the decay, x · (1 − 0.2 · 0.5)
    expect(Array.from(x.dataSync())).toEqual([1.8, -3.6].map((v) => Math.fround(v)));
    adam.dispose();
    tf.dispose([x, zero]);
  });

  it("leaks no tensors", () => {
    const x = tf.variable(tf.tensor1d([1, 2, 3]));
    const target = tf.zeros([3]);
    const before = tf.memory().numTensors;
    const adam = createAdam([x], 0.01);
    for (let step = 0; step < 3; step++) {
      const g = gradient(x, target);
      adam.apply([g]);
      g.dispose();
    }
    adam.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, target]);
  });
});
