import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "@/lib/ml/backend";
import { predictNext } from "@/lib/ml/rnn/infer";
import { buildRnn } from "@/lib/ml/rnn/model";
import { DEFAULT_RNN } from "@/lib/ml/rnn/params";
import { trainRnn } from "@/lib/ml/rnn/train";
import { disposeBatch, makeBatch, targetSteps, type Sequence } from "@/lib/ml/sequences";
import { rnnParamsSchema } from "@/lib/models/run-schemas";
import { describeRnnConfig } from "@/lib/models/rnn-config";

beforeAll(async () => {
  await selectBackend("wasm", () => {});
});

// Course weights per term: 1 each (targetWeighting "course") for the first, uneven for the second.
const seqs: Sequence[] = [
  { terms: [[0], [1, 2], [3]], majors: [1], targetWeights: [[1], [1, 1], [1]] },
  { terms: [[2], [4, 0, 5]], majors: [], targetWeights: [[2], [0.5, 1, 1.5]] },
  { terms: [[1], [3]], majors: [0] }, // no weights: 1/k each, as before
];

describe("next-term targets: per-course weights and label smoothing", () => {
  it("puts each course's weight in the sparse targets and the term's sum in the mask", () => {
    const b = makeBatch(seqs, 2);
    expect(b.targets.w.arraySync()).toEqual([1, 1, 1, 1, 2, 0.5, 1, 1.5, 1, 1]);
    expect(b.mask.arraySync()).toEqual([
      [1, 2, 1],
      [2, 3, 0],
      [1, 1, 0],
    ]);
    expect(targetSteps(seqs)).toBe(7); // the loss still averages over steps, whatever their mass
    disposeBatch(b);
  });

  it("ranks by how often a course is taken with targetWeighting 'course', by its share of terms with 'term'", async () => {
    // 16 students take course 0 alone; 24 take course 1 with two of courses 2-7. Course 1 is in more
    // terms (24 against 16: the better guess for recall), but with a term's courses sharing its
    // weight it earns 24 / 3 = 8 against course 0's 16.
    const train: Sequence[] = Array.from({ length: 40 }, (_, i) =>
      i < 16 ? { terms: [[0]], majors: [0] } : { terms: [[1, 2 + (i % 6), 2 + ((i + 3) % 6)]], majors: [0] },
    );
    const p = {
      ...DEFAULT_RNN,
      units: 8,
      embedding: 4,
      dropout: 0,
      epochs: 60,
      batchSize: 40,
      learningRate: 0.05,
      termFeatures: false,
      threads: 1,
      labelSmoothing: 0,
    };
    const first = async (targetWeighting: "term" | "course") => {
      const model = buildRnn(8, 1, { ...p, targetWeighting });
      await trainRnn(model, train, 8, 1, { ...p, targetWeighting });
      const [scores] = predictNext(model, [{ terms: [], majors: [0] }], 8, 1);
      model.dispose();
      return scores!;
    };
    const byTerm = await first("term");
    const byCourse = await first("course");
    expect(byTerm[0]).toBeGreaterThan(byTerm[1]!);
    expect(byCourse[1]).toBeGreaterThan(byCourse[0]!);
    expect(byCourse[1]! / byCourse[0]!).toBeCloseTo(24 / 16, 0);
  });

  it("stores both settings with a run, shows them in the model report, and reads a run stored before them as the old targets", async () => {
    // A run's params as stored (JSON) before the fields existed.
    const stored = JSON.parse(
      JSON.stringify({
        ...DEFAULT_RNN,
        labelSmoothing: undefined,
        targetWeighting: undefined,
        minStudents: 20,
        minTestStudents: 200,
        initFromCourse2vec: false,
        guard: 0.02,
        evalEvery: 1,
      }),
    ) as Record<string, unknown>;
    const old = rnnParamsSchema.parse(stored);
    expect(old.labelSmoothing).toBeUndefined();
    expect(old.targetWeighting).toBeUndefined();
    const now = rnnParamsSchema.parse({ ...stored, labelSmoothing: 0.1, targetWeighting: "course" });
    expect([now.labelSmoothing, now.targetWeighting]).toEqual([0.1, "course"]);
    expect(describeRnnConfig(now)).toContain(
      "label smoothing 0.1, each next-term course weighs 1 in the loss",
    );
    expect(describeRnnConfig(old)).not.toMatch(/smoothing|weighs/);
    // A run trained on the sampled softmax says so, and that smoothing (full softmax only) was not applied.
    const sampled = describeRnnConfig(now, { sampledSoftmax: 1024 } as Parameters<
      typeof describeRnnConfig
    >[1]);
    expect(sampled).toContain("sampled softmax (1024 negatives) in training");
    expect(sampled).not.toContain("label smoothing");
    expect(DEFAULT_RNN.labelSmoothing).toBe(0.3); // the default now (docs/rnn-levers.md)
    // Training reads the missing fields as no smoothing and 1/k targets: the same weights as with
    // them set so, and other weights with smoothing.
    const tiny = { ...old, units: 8, embedding: 4, epochs: 1, batchSize: 2, threads: 1, termFeatures: false };
    const plain = seqs.map((s) => ({ terms: s.terms, majors: s.majors }));
    const trained = async (p: typeof tiny) => {
      const model = buildRnn(6, 2, p);
      await trainRnn(model, plain, 6, 2, p);
      const w = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      return w;
    };
    const before = await trained(tiny);
    expect(await trained({ ...tiny, labelSmoothing: 0, targetWeighting: "term" })).toEqual(before);
    expect(await trained({ ...tiny, labelSmoothing: 0.3 })).not.toEqual(before);
    expect(await trained({ ...tiny, targetWeighting: "course" })).not.toEqual(before);
    expect(() => rnnParamsSchema.parse({ ...stored, targetWeighting: "student" })).toThrow();
  });
});
