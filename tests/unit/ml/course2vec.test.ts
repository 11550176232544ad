import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { DEFAULT_COURSE2VEC, skipGramForward, trainCourse2Vec } from "@/lib/ml/course2vec";
import { cosineNeighbours, normalizeRows } from "@/lib/ml/similarity";
import { createRng } from "@/lib/random";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

describe("the skip-gram network of the class notes", () => {
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
    if (i % 2 === 0) return [[2, rng.chance(0.5) ? 0 : 1], [3, 8 + rng.int(4)]];
    return [[6, rng.chance(0.5) ? 4 : 5], [7, 8 + rng.int(4)]];
  });
}

describe("trainCourse2Vec", () => {
  const params = { ...DEFAULT_COURSE2VEC, dim: 16, steps: 120, window: 3, subsample: 0, shuffles: 2, blockRows: 5 };

  it("puts planted substitutes next to each other", async () => {
    const V = 12;
    const result = await trainCourse2Vec(tinyCorpus(400, 1), V, params);
    const nb = cosineNeighbours(normalizeRows(result.vectors, 16), 16, 3);
    expect(nb.index[0 * nb.k]).toBe(1);
    expect(nb.index[1 * nb.k]).toBe(0);
    expect(nb.index[4 * nb.k]).toBe(5);
    expect(nb.index[5 * nb.k]).toBe(4);
    expect(result.losses.at(-1)!).toBeLessThan(result.losses[0]!);
  });

  it("is reproducible with a seed", async () => {
    const a = await trainCourse2Vec(tinyCorpus(100, 2), 12, { ...params, steps: 20 });
    const b = await trainCourse2Vec(tinyCorpus(100, 2), 12, { ...params, steps: 20 });
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
  });

  it("leaks no tensors in training or neighbour search", async () => {
    const before = tf.memory().numTensors;
    const r = await trainCourse2Vec(tinyCorpus(50, 3), 12, { ...params, steps: 5 });
    cosineNeighbours(normalizeRows(r.vectors, 16), 16, 4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
