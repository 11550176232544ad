import { buildContext, F, type ArticulationCourse } from "./features";
import { fitArticulation, type FittedArticulation } from "./fit";
import { evaluateRanking, type ArticulationMetrics } from "./metrics";
import { buildScorer, type Candidate, type Scorer } from "./rank";

export type { ArticulationCourse } from "./features";
export type { Candidate } from "./rank";

export type TrainedArticulation = {
  fitted: FittedArticulation;
  scorer: Scorer;
  /** Per `from` course (same order as the input), its top candidates. */
  candidates: Candidate[][];
};

/**
 * The whole model, pure: signals for every (from, to) pair, the translation and the combination
 * chosen by cross-validation on `known` (indices into `from` and `to`), then every `from` course's
 * top candidates, scored with the translation and neighbour cue of all known pairs.
 */
export function trainArticulation(
  from: ArticulationCourse[],
  to: ArticulationCourse[],
  known: [number, number][],
  { top = 10, folds = 5, seed = 1 } = {},
): TrainedArticulation {
  const ctx = buildContext(from, to);
  const fitted = fitArticulation(ctx, known, { folds, seed });
  const scorer = buildScorer(ctx, known, fitted.translation, fitted.combination);
  return { fitted, scorer, candidates: from.map((_, i) => scorer.candidates(i, top)) };
}

export type HeldoutMetrics = {
  enrollment: ArticulationMetrics;
  description: ArticulationMetrics;
  combined: ArticulationMetrics;
};

/** Recall@1/5/10 and MRR on pairs the model never saw, for each signal alone and combined. */
export function evaluateHeldout(scorer: Scorer, heldout: [number, number][]): HeldoutMetrics {
  const cache = new Map<number, Float64Array>();
  const rows = (i: number) => cache.get(i) ?? cache.set(i, scorer.rows(i)).get(i)!;
  const column = (f: number) => (i: number) => {
    const r = rows(i);
    return Float64Array.from({ length: r.length / F }, (_, j) => r[j * F + f]!);
  };
  return {
    enrollment: evaluateRanking(heldout, column(0)),
    description: evaluateRanking(heldout, column(1)),
    combined: evaluateRanking(heldout, (i) => scorer.combined(rows(i))),
  };
}
