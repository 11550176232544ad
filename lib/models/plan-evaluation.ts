import type { Db } from "../db/client";
import { parseTerm, termFromOrdinal, type Term } from "../ingest/terms";
import { careerPopularity, careerPopularityScorer, uniformScorer } from "../plan/baselines";
import { checkPlan } from "../plan/check";
import {
  PLAN_METHODS,
  planMetrics,
  type PlanMethod,
  type PlanMetrics,
  type PlanOutcome,
} from "../plan/evaluate";
import { lstmScorer } from "../plan/lstm-scorer";
import { planTerms } from "../plan/planner";
import {
  DEFAULT_LOAD,
  type PlanInput,
  type PlanRequirement,
  type Scorer,
  type SearchOptions,
} from "../plan/types";
import { createRng } from "../random";
import { resolveMajorIndices } from "../queries/majors";
import { getPlanCatalog, scorerFor } from "../queries/plan";
import { loadHistories } from "./read-corpus";
import { resolveInstitution } from "../institution";
import { loadActiveRnn } from "./rnn-runtime";
import type { StoredPlanEvaluation } from "./run-schemas";
import { findRun, recordPlanEvaluation } from "./runs";

export { PLAN_METHODS, type PlanMethod } from "../plan/evaluate";

export type PlanEvaluation = {
  runId: number;
  testTerm: string;
  /** Cut-off at the LSTM's test term: nothing after it was seen in training (recall@1 only). */
  clean: { cutoff: string; methods: Record<PlanMethod, PlanMetrics> };
  /** Cut-off two regular terms earlier, for recall@1-3: the first two compared terms were training data. */
  threeTerm: { cutoff: string; methods: Record<PlanMethod, PlanMetrics> };
  lstmPlanMs: { p50: number; p90: number };
};

const GREEDY: Partial<SearchOptions> = { beamWidth: 1, variants: 1 };

/** Programs by the subject most of their requirement courses belong to (a major's program). */
export function programsBySubject(
  programs: { name: string; requirements: PlanRequirement[] }[],
  subjectOf: (c: number) => string,
) {
  const out = new Map<string, { name: string; requirements: PlanRequirement[] }>();
  for (const p of programs) {
    const counts = new Map<string, number>();
    for (const r of p.requirements)
      for (const c of r.courses) counts.set(subjectOf(c), (counts.get(subjectOf(c)) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (top && !out.has(top)) out.set(top, p);
  }
  return out;
}

/**
 * Plans for held-out students of the active LSTM's temporal split (students of its test term),
 * from their history before a cut-off, compared with what they took from the cut-off on; the same
 * for two baselines run through the same planner and rules: popularity by term of career within the
 * major (no requirement weight), and requirement-greedy in catalog order (a uniform model).
 */
export async function evaluatePlans(
  db: Db,
  opts: { students: number; seed: number; maxTerms: number; institutionId?: number },
): Promise<PlanEvaluation> {
  const inst = opts.institutionId ?? (await resolveInstitution(db)).id;
  const model = await loadActiveRnn(db, inst);
  if (!model) throw new Error("No active RNN run: train one with npm run train:rnn");
  const run = await findRun(db, "rnn", model.runId, inst);
  const test = run?.kind === "rnn" && run.results ? parseTerm(run.results.metrics.testTerm) : null;
  if (!test) throw new Error(`RNN run ${model.runId} has no test term in its metrics`);
  const { catalog, prepared } = await getPlanCatalog(db, inst);
  const n = prepared.plan.courses.length;
  const toIndex = (ids: number[]) => ids.flatMap((id) => prepared.indexOf.get(id) ?? []);
  const histories = (await loadHistories(db, inst)).map((h) => ({
    majors: h.majors,
    terms: h.terms.map((t) => ({ term: termFromOrdinal(t.ordinal), courses: toIndex(t.courses) })),
  }));
  const programRows = await db.program.findMany({
    where: { institutionId: inst },
    include: { requirements: { include: { courses: true }, orderBy: { id: "asc" } } },
  });
  const programs = programsBySubject(
    programRows.map((p) => ({
      name: p.name,
      requirements: p.requirements.map((r) => ({
        name: r.name,
        count: r.count,
        courses: toIndex(r.courses.map((c) => c.courseId)),
      })),
    })),
    (c) => prepared.plan.courses[c]!.subject,
  );
  const regular = [...new Set(histories.flatMap((h) => h.terms.map((t) => t.term.ordinal)))]
    .sort((a, b) => a - b)
    .filter((o) => o <= test.ordinal && termFromOrdinal(o).season !== "Summer");
  const cut3 = termFromOrdinal(regular[Math.max(0, regular.indexOf(test.ordinal) - 2)]!);
  const popularity = careerPopularity(
    histories.map((h) => ({
      majors: h.majors,
      terms: h.terms.filter((t) => t.term.ordinal < test.ordinal).map((t) => t.courses),
    })),
    n,
  );
  const heldOut = createRng(opts.seed)
    .shuffle(
      histories.filter(
        (h) => h.terms.some((t) => t.term.ordinal === test.ordinal) && h.majors.some((m) => programs.has(m)),
      ),
    )
    .slice(0, opts.students);
  const times: number[] = [];
  const evaluateAt = (cutoff: Term) => {
    const outcomes = Object.fromEntries(PLAN_METHODS.map((m) => [m, [] as PlanOutcome[]])) as Record<
      PlanMethod,
      PlanOutcome[]
    >;
    for (const h of heldOut) {
      const history = h.terms.filter((t) => t.term.ordinal < cutoff.ordinal && t.courses.length);
      if (!history.length) continue;
      const actual = h.terms
        .filter((t) => t.term.ordinal >= cutoff.ordinal && t.term.season !== "Summer")
        .slice(0, 3)
        .map((t) => t.courses);
      const program = programs.get(h.majors.find((m) => programs.has(m))!)!;
      const input: PlanInput = {
        history,
        after: history.at(-1)!.term,
        requirements: program.requirements,
        maxTerms: opts.maxTerms,
        load: DEFAULT_LOAD,
        pinned: [],
        excluded: [],
        summers: false,
      };
      const majors = resolveMajorIndices(model, catalog, h.majors);
      const scorers: Record<PlanMethod, [Scorer, Partial<SearchOptions>]> = {
        lstm: [lstmScorer(scorerFor(model, prepared), majors, prepared.allowed), {}],
        careerPopularity: [
          careerPopularityScorer(popularity, h.majors, n),
          { ...GREEDY, requirementWeight: 0, unlockWeight: 0 },
        ],
        requirementGreedy: [uniformScorer(n), GREEDY],
      };
      for (const method of PLAN_METHODS) {
        const [scorer, options] = scorers[method];
        const t0 = performance.now();
        const plan = planTerms(prepared.plan, input, scorer, options);
        if (method === "lstm") times.push(performance.now() - t0);
        const planned = plan.terms.map((t) => t.courses.map((c) => c.course));
        const violations = checkPlan(
          prepared.plan,
          history,
          plan.terms.map((t, i) => ({ term: t.term, courses: planned[i]! })),
          input.load,
        ).length;
        outcomes[method].push({ planned, actual, violations, completed: plan.unmet.length === 0 });
      }
    }
    return Object.fromEntries(PLAN_METHODS.map((m) => [m, planMetrics(outcomes[m])])) as Record<
      PlanMethod,
      PlanMetrics
    >;
  };
  const clean = evaluateAt(test);
  const threeTerm = evaluateAt(cut3);
  times.sort((a, b) => a - b);
  const q = (p: number) =>
    Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1));
  return {
    runId: model.runId,
    testTerm: test.label,
    clean: { cutoff: test.label, methods: clean },
    threeTerm: { cutoff: cut3.label, methods: threeTerm },
    lstmPlanMs: { p50: q(0.5), p90: q(0.9) },
  };
}

/**
 * Records an evaluation on the RNN run it planned with (not whichever run is active by now), so the
 * model report shows it beside that run's own metrics; a later evaluation replaces it.
 */
export async function storePlanEvaluation(
  db: Db,
  e: PlanEvaluation,
  at = new Date(),
): Promise<StoredPlanEvaluation> {
  const { runId, ...rest } = e;
  const stored = { ...rest, evaluatedAt: at.toISOString() };
  await recordPlanEvaluation(db, runId, stored);
  return stored;
}
