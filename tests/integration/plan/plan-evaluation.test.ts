import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { evaluatePlans, PLAN_METHODS } from "@/lib/models/plan-evaluation";

let db: Db;
beforeAll(() => {
  db = createDb(inject("fixtureUrl"));
});
afterAll(async () => db.$disconnect());

describe("npm run evaluate -- --model plan", () => {
  it("plans for held-out students without breaking a rule, for the LSTM and both baselines", async () => {
    const e = await evaluatePlans(db, { students: 25, seed: 3, maxTerms: 10 });
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
