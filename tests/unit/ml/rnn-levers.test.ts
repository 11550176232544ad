import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, tf } from "@/lib/ml/backend";
import { predictNext, predictNextLastStep, restoreRnn } from "@/lib/ml/rnn/infer";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { trainRnn } from "@/lib/ml/rnn/train";
import { flattenTensors, serializeWeights } from "@/lib/ml/rnn/weights";
import { disposeBatch, makeBatch, makeInputs, TERM_CONTEXT, type Sequence } from "@/lib/ml/sequences";
import { EarlyStopping } from "@/lib/models/rnn-early-stop";
import { buildRnnData } from "@/lib/models/rnn-data";
import { describeRnnConfig } from "@/lib/models/rnn-config";
import { FALL_SLOT, SPRING_SLOT, SLOTS } from "@/lib/ingest/terms";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

const small = { ...DEFAULT_RNN, units: 8, embedding: 4, termFeatures: false, patience: 0 };
const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));

describe("the term-context input", () => {
  it("is computed the same for a training step and for the request that asks about that term", () => {
    // Fall (2 courses) → Spring (1) → skip the summer → Fall (3): gaps of 5 and 3 slots.
    const s: Sequence = {
      terms: [[0, 1], [2], [3, 4, 5]],
      majors: [0],
      slots: [FALL_SLOT, SPRING_SLOT, FALL_SLOT],
    };
    const batch = makeBatch([s], 1);
    const trained = batch.ctx.arraySync()[0]!; // [steps, TERM_CONTEXT]
    expect(batch.ctx.shape).toEqual([1, 3, TERM_CONTEXT]);
    // Asking about the third term after the first two: the last step of the request.
    const request = makeInputs([{ terms: s.terms.slice(0, 2), majors: [0], slots: s.slots }], 1);
    const asked = request.ctx.arraySync()[0]!;
    expect(asked[2]).toEqual(trained[2]);
    expect(asked[1]).toEqual(trained[1]);
    const careers = 12;
    expect(trained[2]![2]).toBe(1); // the third term of the career
    expect(trained[2]![careers]).toBeCloseTo(1 / 5); // the term before had one course
    expect(trained[2]![careers + 1 + 3 - 1]).toBe(1); // Spring → Fall: 3 slots
    expect(trained[1]![careers + 1 + ((SPRING_SLOT - FALL_SLOT + SLOTS) % SLOTS) - 1]).toBe(1);
    expect(trained[0]!.reduce((a, x) => a + x, 0)).toBe(1); // the first term: its position only
    // Without slots (the planner, the exports) the gap is unknown: zeros, the rest as before.
    const plain = makeInputs([{ terms: s.terms.slice(0, 2), majors: [0] }], 1).ctx.arraySync()[0]!;
    expect(plain[2]!.slice(careers + 1).every((x) => x === 0)).toBe(true);
    expect(plain[2]!.slice(0, careers + 1)).toEqual(trained[2]!.slice(0, careers + 1));
    disposeBatch(batch);
  });

  it("lets the model learn what depends on the gap since the last term, and restores with its weights", async () => {
    // Planted: after course 0 a student who comes back the next term takes 1; after a year away, 2.
    const train: Sequence[] = Array.from({ length: 240 }, (_, i) =>
      i % 2 === 0
        ? { terms: [[0], [1]], majors: [0], slots: [FALL_SLOT, SPRING_SLOT] }
        : { terms: [[0], [2]], majors: [0], slots: [FALL_SLOT, FALL_SLOT] },
    );
    const params = {
      ...small,
      units: 16,
      embedding: 8,
      epochs: 30,
      batchSize: 32,
      learningRate: 0.02,
      dropout: 0,
      termContext: true,
    };
    const model = buildRnn(4, 1, params);
    expect(model.inputNames).toContain("term_context");
    await trainRnn(model, train, 4, 1, params);
    const asked = [
      { terms: [[0]], majors: [0], slots: [FALL_SLOT, SPRING_SLOT] },
      { terms: [[0]], majors: [0], slots: [FALL_SLOT, FALL_SLOT] },
    ];
    const before = tf.memory().numTensors;
    const [next, later] = predictNext(model, asked, 4, 1);
    expect(argmax(next!)).toBe(1);
    expect(argmax(later!)).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    const copy = restoreRnn(4, 1, params, serializeWeights(model));
    const last = predictNextLastStep(copy, asked, 1);
    last.forEach((p, i) => Array.from(p).forEach((x, c) => expect(x).toBeCloseTo([next, later][i]![c]!, 5)));
    // Its weights do not fit a model without the input: a run is rebuilt with its own params.
    expect(() => restoreRnn(4, 1, { ...params, termContext: false }, serializeWeights(model))).toThrow();
    model.dispose();
    copy.dispose();
  });
});

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
      termContext: true,
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
    expect(text).toContain("term of career");
    expect(describeRnnConfig({ ...params, patience: 0 })).toContain("; 12 epochs,");
  });
});
