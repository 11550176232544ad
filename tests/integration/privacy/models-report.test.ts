import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPublicRuns } from "@/lib/queries/models";
import { makeTempDb, type TempDb } from "../helpers";

const MIN = 10;
const bucket = (students: number) => ({ students, recallAt10: 0.4, mrrAt10: 0.2 });
// A finished LSTM run whose "5 prior terms" bucket holds 3 students (below MIN), the rest enough.
const ranking = () => ({
  ...bucket(200),
  byPriorTerms: { "1": bucket(120), "2": bucket(77), "5": bucket(3) },
});
const metrics = {
  model: ranking(),
  modelRaw: ranking(),
  testTerm: "2024 Fall",
  vocabSize: 40,
  trainStudents: 900,
  samplesPerSecond: 1000,
};
const baselines = { popularity: ranking(), cooccurrence: ranking(), majorAtPoint: ranking() };
const FAILURE = "Unknown course 'CS 61A' in row 1234 of enrollments for student 8812-33";

describe("the public model report", () => {
  let t: TempDb;
  let inst: number;
  beforeAll(async () => {
    t = await makeTempDb();
    inst = (await t.db.institution.create({ data: { code: "UNIV", name: "University" } })).id;
    await t.db.modelRun.create({
      data: {
        institutionId: inst,
        kind: "rnn",
        status: "finished",
        metrics: JSON.stringify(metrics),
        baselines: JSON.stringify(baselines),
        history: JSON.stringify([{ epoch: 1, loss: 3.2, recallAt10: 0.3, seconds: 4 }]),
      },
    });
    await t.db.modelRun.create({
      data: { institutionId: inst, kind: "course2vec", status: "failed", error: FAILURE },
    });
  });
  afterAll(async () => t.cleanup());

  it("shows no error text of a failed run", async () => {
    const runs = await listPublicRuns(t.db, inst, MIN);
    const failed = runs.find((r) => r.status === "failed");
    expect(failed).toBeDefined();
    expect(JSON.stringify(runs)).not.toContain("8812-33");
    expect(failed).not.toHaveProperty("error");
  });

  it("shows no bucket of fewer than MIN_STUDENTS students, in the model's rows or the baselines'", async () => {
    const runs = await listPublicRuns(t.db, inst, MIN);
    const rnn = runs.find((r) => r.kind === "rnn");
    if (rnn?.kind !== "rnn" || !rnn.results) throw new Error("the finished LSTM run is missing");
    const { metrics: m, baselines: b } = rnn.results;
    for (const rows of [m.model, m.modelRaw, b.popularity, b.cooccurrence, b.majorAtPoint])
      expect(Object.keys(rows.byPriorTerms).sort()).toEqual(["1", "2"]);
    // The threshold is the caller's: with a higher one the 77-student bucket goes too.
    const strict = (await listPublicRuns(t.db, inst, 100)).find((r) => r.kind === "rnn");
    if (strict?.kind !== "rnn" || !strict.results) throw new Error("the finished LSTM run is missing");
    expect(Object.keys(strict.results.metrics.model.byPriorTerms)).toEqual(["1"]);
  });
});
