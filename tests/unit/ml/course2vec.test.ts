import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { DEFAULT_COURSE2VEC } from "@/lib/ml/course2vec/params";
import { GradientShard } from "@/lib/ml/course2vec/shard";
import { trainCourse2Vec } from "@/lib/ml/course2vec/train";
import { cosineNeighbours, normalizeRows } from "@/lib/ml/similarity";
import { createRng } from "@/lib/random";
import { skipGramForward } from "./skip-gram";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

describe("the skip-gram network of docs/background.md", () => {
  it("reproduces the worked example: h = [0.3171, 0.4387], O = -0.1779, sigmoid(O) = 0.4556", () => {
    const x = tf.tensor2d([[0, 1, 0]]);
    const wxh = tf.tensor2d([
      [0.6948, 0.0344],
      [0.3171, 0.4387],
      [0.9502, 0.3816],
    ]);
    const who = tf.tensor2d([[0.2], [-0.55]]);
    const { h, o, p } = skipGramForward(x, wxh, who);
    const hv = Array.from(h.dataSync());
    expect(hv[0]).toBeCloseTo(0.3171, 4);
    expect(hv[1]).toBeCloseTo(0.4387, 4);
    expect(o.dataSync()[0]).toBeCloseTo(-0.1779, 4);
    expect(p.dataSync()[0]).toBeCloseTo(0.4556, 3);
    tf.dispose([x, wxh, who, h, o, p]);
  });
});

/**
 * A tiny university: courses 0 and 1 are substitutes (each student takes one of them, in the same
 * context of 2 and 3); 4-7 form another cluster with substitutes 4 and 5.
 */
function tinyCorpus(students: number, seed: number): number[][][] {
  const rng = createRng(seed);
  return Array.from({ length: students }, (_, i) => {
    if (i % 2 === 0)
      return [
        [2, rng.chance(0.5) ? 0 : 1],
        [3, 8 + rng.int(4)],
      ];
    return [
      [6, rng.chance(0.5) ? 4 : 5],
      [7, 8 + rng.int(4)],
    ];
  });
}

describe("trainCourse2Vec", () => {
  const params = {
    ...DEFAULT_COURSE2VEC,
    dim: 16,
    steps: 120,
    window: 3,
    subsample: 0,
    shuffles: 2,
    blockRows: 5,
  };

  it("puts planted substitutes next to each other", async () => {
    const V = 12;
    const result = await trainCourse2Vec(tinyCorpus(400, 1), V, params);
    const nb = cosineNeighbours(normalizeRows(result.vectors, 16), 16, 3);
    expect(nb.index[0 * nb.k]).toBe(1);
    expect(nb.index[1 * nb.k]).toBe(0);
    expect(nb.index[4 * nb.k]).toBe(5);
    expect(nb.index[5 * nb.k]).toBe(4);
    expect(result.losses.at(-1)!.loss).toBeLessThan(result.losses[0]!.loss);
  });

  it("is reproducible with a seed", async () => {
    const a = await trainCourse2Vec(tinyCorpus(100, 2), 12, { ...params, steps: 20 });
    const b = await trainCourse2Vec(tinyCorpus(100, 2), 12, { ...params, steps: 20 });
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
  });

  it("gives the same vectors with a worker thread computing half of the rows", async () => {
    const one = await trainCourse2Vec(tinyCorpus(100, 4), 12, { ...params, steps: 20, threads: 1 });
    const two = await trainCourse2Vec(tinyCorpus(100, 4), 12, { ...params, steps: 20, threads: 2 });
    expect(two.threads).toBe(2);
    const maxDiff = one.vectors.reduce((m, x, i) => Math.max(m, Math.abs(x - two.vectors[i]!)), 0);
    expect(maxDiff).toBeLessThan(1e-4);
    expect(two.losses.map((l) => l.step)).toEqual([1, 20]);
  }, 30_000);

  it("starts from the SVD of the shifted PPMI matrix and trains against frequent contexts only", async () => {
    const corpus = tinyCorpus(400, 1);
    const opts = { ...params, steps: 30, init: "svd" as const, contextMass: 0.85 };
    const nearest = (r: { vectors: Float32Array }) => {
      const nb = cosineNeighbours(normalizeRows(r.vectors, 16), 16, 3);
      return [0, 1, 4, 5].map((c) => nb.index[c * nb.k]);
    };
    const one = await trainCourse2Vec(corpus, 12, { ...opts, threads: 1 });
    expect(nearest(one)).toEqual([1, 0, 5, 4]);
    expect(one.svdMs).toBeGreaterThan(0);
    // Two threads count the passes in another order; the tiny corpus's tied singular values then
    // come out rotated, so the vectors differ while the fit does not.
    const two = await trainCourse2Vec(corpus, 12, { ...opts, threads: 2 });
    expect(nearest(two)).toEqual([1, 0, 5, 4]);
    expect(two.losses.at(-1)!.loss).toBeCloseTo(one.losses.at(-1)!.loss, 3);
    // From word2vec's start the worker's band of the restricted matrix gives the same vectors.
    const a = await trainCourse2Vec(corpus, 12, { ...params, steps: 20, contextMass: 0.85, threads: 1 });
    const b = await trainCourse2Vec(corpus, 12, { ...params, steps: 20, contextMass: 0.85, threads: 2 });
    expect(a.vectors.reduce((m, x, i) => Math.max(m, Math.abs(x - b.vectors[i]!)), 0)).toBeLessThan(1e-4);
  }, 30_000);

  it("stops when the loss levels off, and says after how many steps", async () => {
    const corpus = tinyCorpus(200, 5);
    const all = await trainCourse2Vec(corpus, 12, { ...params, steps: 200, lossEvery: 10, stopTolerance: 0 });
    expect(all.steps).toBe(200);
    const stopped = await trainCourse2Vec(corpus, 12, {
      ...params,
      steps: 200,
      lossEvery: 10,
      stopTolerance: 1e-3,
    });
    expect(stopped.steps).toBeLessThan(200);
    expect(stopped.steps % 10).toBe(0);
    expect(stopped.losses.at(-1)!.step).toBe(stopped.steps);
    // Up to the stop both runs are the same run.
    expect(stopped.losses).toEqual(all.losses.filter((l) => l.step <= stopped.steps));
  });

  it("converges in fewer steps with Adam's β2 at 0.9 than at the usual 0.999", async () => {
    const corpus = tinyCorpus(200, 6);
    const opts = { ...params, steps: 40, lossEvery: 40, stopTolerance: 0, finalLrRatio: 1 };
    const slow = await trainCourse2Vec(corpus, 12, { ...opts, beta2: 0.999 });
    const fast = await trainCourse2Vec(corpus, 12, { ...opts, beta2: 0.9 });
    const long = await trainCourse2Vec(corpus, 12, { ...opts, steps: 80, lossEvery: 80, beta2: 0.999 });
    const [s, f, l] = [slow, fast, long].map((r) => r.losses.at(-1)!.loss) as [number, number, number];
    expect(f).toBeLessThan(s);
    // 40 steps at 0.9 cover more than half of what 40 more steps at 0.999 would add.
    expect(s - f).toBeGreaterThan(0.5 * (s - l));
  });

  it("leaks no tensors in training or neighbour search", async () => {
    const before = tf.memory().numTensors;
    const r = await trainCourse2Vec(tinyCorpus(50, 3), 12, { ...params, steps: 5 });
    cosineNeighbours(normalizeRows(r.vectors, 16), 16, 4);
    await trainCourse2Vec(tinyCorpus(50, 3), 12, { ...params, steps: 5, init: "svd", contextMass: 0.9 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("GradientShard", () => {
  it("computes the gradient of the expected SGNS loss that autodiff gives, across blocks and bands", () => {
    const V = 7;
    const d = 4;
    const rng = createRng(5);
    const pos = Float32Array.from({ length: V * V }, (_, i) => (i % (V + 1) === 0 ? 0 : rng.int(4)));
    const q = Float32Array.from({ length: V }, () => 0.5 + rng.next());
    const qSum = q.reduce((a, b) => a + b, 0);
    q.forEach((x, i) => (q[i] = x / qSum));
    const k = 3;
    const norm = 0.01;
    const negRowSums = Float32Array.from(
      { length: V },
      (_, i) => k * pos.subarray(i * V, (i + 1) * V).reduce((a, b) => a + b, 0),
    );
    const W = tf.randomNormal<tf.Rank.R2>([V, d], 0, 0.5, "float32", 1);
    const C = tf.randomNormal<tf.Rank.R2>([V, d], 0, 0.5, "float32", 2);
    // Reference: L = norm · Σ P ⊙ softplus(−W Cᵀ) + N ⊙ softplus(W Cᵀ), differentiated by tf.grads.
    const P = tf.tensor2d(pos, [V, V]);
    const N = tf.tensor2d(negRowSums, [V, 1]).mul(tf.tensor2d(q, [1, V]));
    const lossOf = (w: tf.Tensor, c: tf.Tensor) => {
      const S = tf.matMul(w, c, false, true);
      return P.mul(tf.softplus(S.neg()))
        .add(N.mul(tf.softplus(S)))
        .sum()
        .mul<tf.Scalar>(norm);
    };
    const [dW, dC] = tf.grads(lossOf)([W, C]);
    // Two bands (rows 0-3 and 4-6), the first in blocks of 2 rows.
    const bands = [
      new GradientShard({
        V,
        dim: d,
        start: 0,
        rows: 4,
        blockRows: 2,
        pos: pos.subarray(0, 4 * V),
        negRowSums: negRowSums.subarray(0, 4),
        q,
        norm,
      }),
      new GradientShard({
        V,
        dim: d,
        start: 4,
        rows: 3,
        blockRows: 2,
        pos: pos.subarray(4 * V),
        negRowSums: negRowSums.subarray(4),
        q,
        norm,
      }),
    ];
    const parts = bands.map((b) => b.gradient(W, C, true));
    const gW = tf.concat(
      parts.map((p) => p.gW),
      0,
    );
    const gC = parts[0]!.gC.add(parts[1]!.gC);
    const loss = parts[0]!.loss!.dataSync()[0]! + parts[1]!.loss!.dataSync()[0]!;
    const close = (a: tf.Tensor, b: tf.Tensor) =>
      Array.from(a.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(b.dataSync()[i]!, 5));
    close(gW, dW!);
    close(gC, dC!);
    expect(loss).toBeCloseTo(lossOf(W, C).dataSync()[0]!, 5);
    // Without the loss the logits go through the fused sigmoid product: the same gradient.
    const fast = bands.map((b) => b.gradient(W, C, false));
    expect(fast.every((p) => p.loss === null)).toBe(true);
    close(
      tf.concat(
        fast.map((p) => p.gW),
        0,
      ),
      dW!,
    );
    close(fast[0]!.gC.add(fast[1]!.gC), dC!);
    for (const b of bands) b.dispose();
  });
});
