import type { Db } from "../lib/db/client";
import { evaluatePlans, storePlanEvaluation } from "../lib/models/plan-evaluation";
import type { StoredPlanEvaluation } from "../lib/models/run-schemas";
import { PLAN_METHOD_NAMES, PLAN_METHODS, RECALL_TERMS } from "../lib/plan/evaluate";

/**
 * `npm run evaluate -- --model plan`: plans for held-out students now, beside the two baselines,
 * recorded on the RNN run it planned with (the model report shows it there).
 */
export async function printPlanEvaluation(
  db: Db,
  o: { students: number; json: boolean; institutionId: number },
): Promise<void> {
  const started = performance.now();
  const e = await evaluatePlans(db, {
    students: o.students,
    seed: 1,
    maxTerms: 10,
    institutionId: o.institutionId,
  });
  const stored = await storePlanEvaluation(db, e);
  if (o.json) {
    console.log(JSON.stringify(e, null, 2));
    return;
  }
  console.log(
    `Plans from RNN run ${e.runId} for ${e.threeTerm.methods.lstm.students} held-out students (test term ${e.testTerm}), ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `recall@k: courses taken in the next k terms that the plan's first k terms hold. Cut-off ${e.clean.cutoff} (clean: after the training terms) for R@1;`,
  );
  console.log(
    `cut-off ${e.threeTerm.cutoff} for R@1-3 (its first two terms were training terms of the stored LSTM, so these flatter it).`,
  );
  printPlanTable(stored);
  console.log(`Recorded on RNN run ${e.runId}.`);
}

/** The evaluation's table: what this command prints, and `evaluate -- --model rnn` beside the run. */
export function printPlanTable(e: StoredPlanEvaluation): void {
  const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`).padStart(7);
  console.log(
    `method                      R@1 clean  ${RECALL_TERMS.map((k) => `R@${k}`.padStart(7)).join(" ")}  complete    valid  violations`,
  );
  for (const m of PLAN_METHODS) {
    const c = e.clean.methods[m];
    const t = e.threeTerm.methods[m];
    console.log(
      `${PLAN_METHOD_NAMES[m].padEnd(27)} ${pct(c.recall["1"].recall).padStart(9)}  ${RECALL_TERMS.map((k) => pct(t.recall[`${k}`].recall)).join(" ")}  ${pct(t.completionShare)}  ${pct(Math.min(c.validShare, t.validShare))}  ${String(c.violations + t.violations).padStart(10)}`,
    );
  }
  console.log(`LSTM planner: one plan p50 ${e.lstmPlanMs.p50} ms, p90 ${e.lstmPlanMs.p90} ms`);
}
