import type { StoredPlanEvaluation } from "@/lib/models/run-schemas";
import { PLAN_METHOD_NAMES, PLAN_METHODS, RECALL_TERMS } from "@/lib/plan/evaluate";
import { formatCount, publishCount } from "@/lib/queries/disclosure";

const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`);

/**
 * The plan evaluation recorded on an LSTM run (`npm run evaluate -- --model plan`): the planner and
 * its two baselines by recall of the plan's first k terms, completion and validity. listPublicRuns
 * has dropped it when too few students were evaluated and blanked a recall over too few.
 */
export function PlanTable({ plan }: { plan: StoredPlanEvaluation }) {
  const students = publishCount(plan.threeTerm.methods.lstm.students, []);
  return (
    <div className="table-wrap" aria-label="Plan evaluation">
      <h3 style={{ marginBottom: "0.25rem" }}>Degree plans from this run</h3>
      <p className="small">
        {students === null ? "Too few" : formatCount(students)} held-out students · evaluated{" "}
        {plan.evaluatedAt.slice(0, 16).replace("T", " ")} UTC · recall@k: courses taken in the next k terms
        that the plan&apos;s first k terms hold, from {plan.clean.cutoff} (clean: after the training terms)
        and from {plan.threeTerm.cutoff} (R@1-3; its first two terms were training data) · one plan p50{" "}
        {plan.lstmPlanMs.p50} ms
      </p>
      <table>
        <thead>
          <tr>
            <th>Method</th>
            <th className="num">R@1 clean</th>
            {RECALL_TERMS.map((k) => (
              <th key={k} className="num">
                R@{k}
              </th>
            ))}
            <th className="num">Completion</th>
            <th className="num">Validity</th>
          </tr>
        </thead>
        <tbody>
          {PLAN_METHODS.map((m) => {
            const c = plan.clean.methods[m];
            const t = plan.threeTerm.methods[m];
            return (
              <tr key={m}>
                <td>{PLAN_METHOD_NAMES[m]}</td>
                <td className="num">{pct(c.recall["1"].recall)}</td>
                {RECALL_TERMS.map((k) => (
                  <td key={k} className="num">
                    {pct(t.recall[`${k}`].recall)}
                  </td>
                ))}
                <td className="num">{pct(t.completionShare)}</td>
                <td className="num">{pct(Math.min(c.validShare, t.validShare))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
