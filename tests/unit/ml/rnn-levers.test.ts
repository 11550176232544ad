import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { flattenTensors } from "@/lib/ml/rnn/weights";
import { EarlyStopping } from "@/lib/models/rnn-early-stop";
import { buildRnnData } from "@/lib/models/rnn-data";
import { describeRnnConfig } from "@/lib/models/rnn-config";
import { FALL_SLOT, SPRING_SLOT, SLOTS } from "@/lib/ingest/terms";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

const small = { ...DEFAULT_RNN, units: 8, embedding: 4, termFeatures: false, patience: 0 };

describe("early stopping", () => {
  it("stops after `patience` epochs without a new best and gives back the best epoch's weights", () => {
    const model = buildRnn(5, 1, small);
    const stopper = new EarlyStopping(2);
    const weightsAt: Float32Array[] = [];
    const scores = [0.1, 0.3, 0.3, 0.2, 0.5];
    const goOn: boolean[] = [];
    for (const [i, score] of scores.entries()) {
      // Stand-in for an epoch of training: new weights.
      const next = model.getWeights().map((w) => tf.randomNormal(w.shape, 0, 1, "float32", i));
      model.setWeights(next);
      tf.dispose(next);
      weightsAt.push(flattenTensors(model.getWeights()));
      const go = stopper.observe(i + 1, score, model);
      goOn.push(go);
      if (!go) break;
    }
    // Epoch 2 is the best (a tie at epoch 3 is no improvement); epochs 3 and 4 bring nothing: stop.
    expect(goOn).toEqual([true, true, true, false]);
    expect(stopper.bestEpoch).toBe(2);
    expect(stopper.best).toBe(0.3);
    const tensors = tf.memory().numTensors;
    stopper.restore(model);
    expect(tf.memory().numTensors).toBeLessThan(tensors); // the copy is freed
    expect(flattenTensors(model.getWeights())).toEqual(weightsAt[1]);
    model.dispose();
  });

  it("holds out a slice of the students of the test term's season a year earlier, trained only up to it", () => {
    const fall = (y: number) => y * SLOTS + FALL_SLOT;
    const spring = (y: number) => y * SLOTS + SPRING_SLOT;
    const histories = Array.from({ length: 400 }, (_, i) => ({
      majors: ["CS"],
      terms: [
        { ordinal: fall(2019), courses: [1] },
        { ordinal: fall(2020), courses: [2, 3] }, // the validation term: a Fall, the test term's season
        { ordinal: spring(2021), courses: [4] },
        { ordinal: fall(2021), courses: [i % 2 ? 5 : 6] }, // the test term
      ],
    }));
    const plain = buildRnnData(histories, 20, 10);
    expect(plain.validation).toBeUndefined();
    const data = buildRnnData(histories, 20, 10, { validationShare: 0.25, seed: 7 });
    const v = data.validation!;
    expect(v.term).toBe(fall(2020));
    expect(v.cases.length).toBeGreaterThan(60);
    expect(v.cases.length).toBeLessThan(140);
    const idx = (c: number) => data.vocab.indexOf.get(c)!;
    for (const c of v.cases) {
      expect(c.history.terms).toEqual([[idx(1)]]);
      expect(c.target.sort()).toEqual([idx(2), idx(3)].sort());
      expect(c.history.slots).toEqual([FALL_SLOT, FALL_SLOT]);
    }
    // Their terms from the validation term on are out of training; everyone else trains on all.
    const cut = data.train.filter((s) => s.terms.length === 1).length;
    expect(cut).toBe(v.cases.length);
    expect(data.train.filter((s) => s.terms.length === 3)).toHaveLength(400 - v.cases.length);
    // The test term is untouched: the same cases as without validation.
    expect(data.cases.map((c) => c.target)).toEqual(plain.cases.map((c) => c.target));
    expect(data.cases.every((c) => c.history.terms.length === 3)).toBe(true);
  });

  it("is shown in the run's configuration with the epoch it kept", () => {
    const params = {
      ...small,
      epochs: 12,
      patience: 2,
      minStudents: 20,
      minTestStudents: 200,
      initFromCourse2vec: false,
      guard: 0.02,
      evalEvery: 1,
    };
    const text = describeRnnConfig(params, {
      earlyStopping: {
        validationTerm: "Fall 2024",
        validationStudents: 480,
        bestEpoch: 7,
        epochsRun: 9,
        validationRecallAt10: 0.61,
      },
    } as Parameters<typeof describeRnnConfig>[1]);
    expect(text).toContain("up to 12 epochs, early stopping (patience 2) kept epoch 7 of 9");
    expect(text).toContain("480 students of Fall 2024");
    expect(describeRnnConfig({ ...params, patience: 0 })).toContain("; 12 epochs,");
  });
});
