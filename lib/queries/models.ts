import type { Db } from "../db/client";
import type { RnnResults, StoredPlanEvaluation } from "../models/run-schemas";
import { listRuns, type ModelRunRecord, type RunKind } from "../models/runs";

type RankingMetrics = RnnResults["metrics"]["model"];

/** The kinds an institution has an active run of, in a stable order (what the home page reports as trained). */
export async function listActiveRunKinds(db: Db, inst: number): Promise<RunKind[]> {
  const runs = await db.modelRun.findMany({
    where: { institutionId: inst, isActive: true },
    select: { kind: true },
    orderBy: { kind: "asc" },
  });
  return runs.map((r) => r.kind as RunKind);
}

/** A run as the public model report may show it: no error text, no bucket of too few students. */
export type PublicRun = ModelRunRecord extends infer R
  ? R extends unknown
    ? Omit<R, "error">
    : never
  : never;

/**
 * The newest runs for the public `/models` page. A failed run's error text can quote the data it
 * failed on (it stays in the CLI's output), and a recall figure over fewer than `minStudents`
 * students is a statistic about a few people: both are dropped here, before any page sees them.
 */
export async function listPublicRuns(
  db: Db,
  inst: number,
  minStudents: number,
  take = 30,
): Promise<PublicRun[]> {
  const runs = await listRuns(db, { institutionId: inst, take });
  return runs.map((run) => redactRun(run, minStudents));
}

export function redactRun(run: ModelRunRecord, minStudents: number): PublicRun {
  const { error: _error, ...rest } = run;
  if (rest.kind !== "rnn" || !rest.results) return rest;
  const { metrics, baselines } = rest.results;
  // Buckets are the model's test students by prior terms; the baselines share the same students.
  const kept = new Set(
    Object.entries(metrics.model.byPriorTerms)
      .filter(([, b]) => b.students >= minStudents)
      .map(([k]) => k),
  );
  const keep = (m: RankingMetrics): RankingMetrics => ({
    ...m,
    byPriorTerms: Object.fromEntries(Object.entries(m.byPriorTerms).filter(([k]) => kept.has(k))),
  });
  return {
    ...rest,
    results: {
      ...rest.results,
      metrics: {
        ...metrics,
        model: keep(metrics.model),
        modelRaw: keep(metrics.modelRaw),
        plan: metrics.plan && redactPlan(metrics.plan, minStudents),
      },
      baselines: {
        popularity: keep(baselines.popularity),
        cooccurrence: keep(baselines.cooccurrence),
        majorAtPoint: keep(baselines.majorAtPoint),
      },
    },
  };
}

/**
 * The plan evaluation as /models may show it: gone when either cut-off evaluated fewer than
 * `minStudents` students (every method plans for the same students), and a recall@k over fewer
 * students than that (those with k terms after the cut-off) blanked, as the page's "–".
 */
function redactPlan(plan: StoredPlanEvaluation, minStudents: number): StoredPlanEvaluation | undefined {
  if (plan.clean.methods.lstm.students < minStudents || plan.threeTerm.methods.lstm.students < minStudents)
    return undefined;
  const cut = (c: StoredPlanEvaluation["clean"]): StoredPlanEvaluation["clean"] => ({
    cutoff: c.cutoff,
    methods: Object.fromEntries(
      Object.entries(c.methods).map(([m, v]) => [
        m,
        {
          ...v,
          recall: Object.fromEntries(
            Object.entries(v.recall).map(([k, r]) => [
              k,
              r.students < minStudents ? { recall: NaN, students: 0 } : r,
            ]),
          ),
        },
      ]),
    ) as StoredPlanEvaluation["clean"]["methods"],
  });
  return { ...plan, clean: cut(plan.clean), threeTerm: cut(plan.threeTerm) };
}
