/** One evaluated student: the plan's terms and the courses the student actually took next, by term. */
export type PlanOutcome = {
  planned: number[][];
  actual: number[][];
  violations: number;
  completed: boolean;
};

export const RECALL_TERMS = [1, 2, 3] as const;

/** The planner (the LSTM's scores) and the two baselines run through the same planner and rules. */
export const PLAN_METHODS = ["lstm", "careerPopularity", "requirementGreedy"] as const;
export type PlanMethod = (typeof PLAN_METHODS)[number];
export const PLAN_METHOD_NAMES: Record<PlanMethod, string> = {
  lstm: "LSTM planner",
  careerPopularity: "popularity by career term",
  requirementGreedy: "requirement-greedy",
};

export type PlanMetrics = {
  students: number;
  /** recall@k: of the courses taken in the next k terms, the share in the plan's first k terms (micro). */
  recall: Record<`${(typeof RECALL_TERMS)[number]}`, { recall: number; students: number }>;
  /** Share of plans with no broken rule (prerequisite, offering, repeat, load). */
  validShare: number;
  violations: number;
  /** Share of plans that meet every requirement within the term limit. */
  completionShare: number;
};

/**
 * Metrics over students. recall@k counts only students with at least k actual terms after the
 * cut-off, and compares sets (a course planned for term 2 and taken in term 1 is a hit at k = 2).
 */
export function planMetrics(outcomes: PlanOutcome[]): PlanMetrics {
  const recall = Object.fromEntries(
    RECALL_TERMS.map((k) => {
      let hits = 0;
      let total = 0;
      let students = 0;
      for (const o of outcomes) {
        if (o.actual.length < k) continue;
        students++;
        const planned = new Set(o.planned.slice(0, k).flat());
        const actual = new Set(o.actual.slice(0, k).flat());
        total += actual.size;
        for (const c of actual) if (planned.has(c)) hits++;
      }
      return [String(k), { recall: total ? hits / total : 0, students }];
    }),
  ) as PlanMetrics["recall"];
  const n = outcomes.length;
  return {
    students: n,
    recall,
    validShare: n ? outcomes.filter((o) => o.violations === 0).length / n : 1,
    violations: outcomes.reduce((a, o) => a + o.violations, 0),
    completionShare: n ? outcomes.filter((o) => o.completed).length / n : 0,
  };
}
