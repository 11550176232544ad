import { createElement } from "react";
import { resolveInstitution } from "@/lib/institution";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PlanTable } from "@/app/models/plan-table";
import { createDb, type Db } from "@/lib/db/client";
import {
  evaluatePlans,
  PLAN_METHODS,
  storePlanEvaluation,
  type PlanEvaluation,
} from "@/lib/models/plan-evaluation";
import { findRun, recordPlanEvaluation } from "@/lib/models/runs";
import { listPublicRuns } from "@/lib/queries/models";
import { makeTempDb, type TempDb } from "../helpers";

let db: Db;
let inst: number;
let e: PlanEvaluation;
beforeAll(async () => {
  db = createDb(inject("fixtureUrl"));
  inst = (await resolveInstitution(db)).id;
  e = await evaluatePlans(db, { students: 25, seed: 3, maxTerms: 10 });
});
afterAll(async () => db.$disconnect());

describe("npm run evaluate -- --model plan", () => {
  it("plans for held-out students without breaking a rule, for the LSTM and both baselines", () => {
    for (const cut of [e.clean, e.threeTerm])
      for (const m of PLAN_METHODS) {
        const metrics = cut.methods[m];
        expect(metrics.students).toBeGreaterThan(10);
        expect(metrics.violations).toBe(0);
        expect(metrics.validShare).toBe(1);
        expect(metrics.recall["1"].recall).toBeGreaterThan(0);
      }
    // The planner finishes the program at least as often as the requirement-blind baseline.
    expect(e.threeTerm.methods.lstm.completionShare).toBeGreaterThanOrEqual(
      e.threeTerm.methods.careerPopularity.completionShare,
    );
    expect(e.threeTerm.methods.lstm.recall["3"].students).toBeGreaterThan(0);
  });
});

// The store step writes: it runs on a database of its own holding the fixture's evaluated LSTM
// run (same id, same stored metrics) and a second finished run that was never planned with.
describe("the plan evaluation in the model report", () => {
  let t: TempDb;
  let original: Record<string, unknown>;
  const other = () => e.runId + 1;
  beforeAll(async () => {
    t = await makeTempDb();
    const row = await db.modelRun.findUniqueOrThrow({ where: { id: e.runId } });
    original = JSON.parse(row.metrics) as Record<string, unknown>;
    const { id: _id, isActive: _active, ...rest } = row;
    await t.db.institution.create({ data: { id: row.institutionId, code: "UNIV", name: "University" } });
    await t.db.modelRun.create({ data: { ...rest, id: other(), isActive: false } });
    await t.db.modelRun.create({ data: { ...rest, id: e.runId, isActive: true } });
  });
  afterAll(async () => t.cleanup());

  it("is recorded on the evaluated run, reads back, and leaves its other metrics as they were", async () => {
    const at = new Date("2026-11-30T09:15:00.000Z");
    const stored = await storePlanEvaluation(t.db, e, at);
    const run = await findRun(t.db, "rnn", e.runId, inst);
    if (run?.kind !== "rnn" || !run.results) throw new Error(`run ${e.runId} does not read back`);
    expect(run.problem).toBeNull();
    expect(run.results.metrics.plan).toEqual(stored);
    expect(stored.evaluatedAt).toBe(at.toISOString());
    expect(stored.threeTerm.methods.lstm).toEqual(e.threeTerm.methods.lstm);
    const row = await t.db.modelRun.findUniqueOrThrow({ where: { id: e.runId } });
    const { plan: _plan, ...rest } = JSON.parse(row.metrics) as Record<string, unknown>;
    expect(rest).toEqual(original);
    // The run that was not evaluated is untouched.
    const untouched = await findRun(t.db, "rnn", other(), inst);
    expect(untouched?.kind === "rnn" && untouched.results?.metrics.plan).toBeUndefined();
  });

  it("refuses what would not read back, and writes nothing", async () => {
    const before = await t.db.modelRun.findUniqueOrThrow({ where: { id: e.runId } });
    const bad = { ...e, evaluatedAt: "yesterday", runId: undefined };
    await expect(recordPlanEvaluation(t.db, e.runId, bad as never)).rejects.toThrow(/plan\.evaluatedAt/);
    await expect(recordPlanEvaluation(t.db, 9999, bad as never)).rejects.toThrow("No RNN run 9999");
    expect((await t.db.modelRun.findUniqueOrThrow({ where: { id: e.runId } })).metrics).toBe(before.metrics);
  });

  it("is what /models lists beside that run, and not beside the other; too few students hide it", async () => {
    const runs = await listPublicRuns(t.db, inst, 5);
    const planned = runs.find((r) => r.id === e.runId);
    const plain = runs.find((r) => r.id === other());
    if (planned?.kind !== "rnn" || plain?.kind !== "rnn") throw new Error("an LSTM run is missing");
    const plan = planned.results?.metrics.plan;
    expect(plan?.threeTerm.methods.lstm.students).toBe(e.threeTerm.methods.lstm.students);
    expect(plan?.clean.methods.requirementGreedy.recall["1"].recall).toBe(
      e.clean.methods.requirementGreedy.recall["1"].recall,
    );
    expect(plain.results?.metrics.model.recallAt10).toBeGreaterThan(0);
    expect(plain.results?.metrics.plan).toBeUndefined();
    const html = renderToStaticMarkup(createElement(PlanTable, { plan: plan! }));
    for (const m of ["LSTM planner", "popularity by career term", "requirement-greedy"])
      expect(html).toContain(m);
    expect(html).toContain("2026-11-30 09:15 UTC");

    // From the clean cut-off (the test term, the fixture's last) no student has a second term: its
    // recall@2 is over 0 students, under any threshold, and is blanked; recall@1 is kept.
    expect(e.clean.methods.lstm.recall["2"].students).toBe(0);
    expect(plan?.clean.methods.lstm.recall["2"].recall).toBeNaN();
    expect(plan?.clean.methods.lstm.recall["1"].recall).toBe(e.clean.methods.lstm.recall["1"].recall);
    // Fewer evaluated students than the threshold (at either cut-off) drop the whole evaluation.
    const all = Math.min(e.clean.methods.lstm.students, e.threeTerm.methods.lstm.students);
    const hidden = (await listPublicRuns(t.db, inst, all + 1)).find((r) => r.id === e.runId);
    expect(hidden?.kind === "rnn" && hidden.results).toBeTruthy();
    expect(hidden?.kind === "rnn" && hidden.results?.metrics.plan).toBeUndefined();
  });
});
