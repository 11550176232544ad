import { fitCombination, combinedScores, type Combination, type Example } from "./combine";
import { F, featureRows, neighbourCue, prepareAnchors, type Context } from "./features";
import { groupPairs, summarizeRanks, trueRanks, type ArticulationMetrics } from "./metrics";
import {
  fitTranslation,
  prepareSpace,
  translatedSimilarity,
  type PreparedSpace,
  type TranslationConfig,
} from "./translate";

/**
 * Fitting on the known pairs only, by cross-validation over their `from` courses (a one-to-two
 * equivalence stays in one fold): the translation's kind, dimensions and ridge λ are chosen by the
 * cross-validated MRR of the translated enrollment signal alone; the combination weights are fit
 * on out-of-fold signals (each fold's translation and neighbour cue never saw that fold's pairs),
 * and the reported metrics score each fold with weights fit on the other folds. Held-out pairs
 * never enter (the evaluation command reads them, after training).
 */

export type TranslationTrial = TranslationConfig & { mrr: number; recallAt5: number };
export type CvMetrics = {
  enrollment: ArticulationMetrics;
  description: ArticulationMetrics;
  combined: ArticulationMetrics;
};
export type FittedArticulation = {
  translation: TranslationConfig;
  trials: TranslationTrial[];
  combination: Combination;
  cv: CvMetrics;
  folds: number;
};

export const DIMS_GRID = [8, 16, 32, 64, 128];
export const LAMBDA_GRID = [0.1, 1, 10];

/** Deterministic folds over the distinct `from` courses of the pairs. */
export function foldsOf(pairs: [number, number][], k: number, seed = 1): number[][] {
  const froms = [...new Set(pairs.map((p) => p[0]))].sort((a, b) => a - b);
  let x = seed >>> 0 || 1;
  const rand = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = froms.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [froms[i], froms[j]] = [froms[j]!, froms[i]!];
  }
  const folds: number[][] = Array.from({ length: Math.min(k, froms.length) }, () => []);
  froms.forEach((f, i) => folds[i % folds.length]!.push(f));
  return folds;
}

export class Spaces {
  private cache = new Map<number, [PreparedSpace, PreparedSpace]>();
  constructor(private ctx: Context) {}
  get(dims: number): [PreparedSpace, PreparedSpace] {
    const d = Math.min(dims, this.ctx.fromBasis.dim, this.ctx.toBasis.dim);
    let hit = this.cache.get(d);
    if (!hit) {
      hit = [
        prepareSpace(
          this.ctx.from.map((c) => c.vector),
          this.ctx.fromBasis,
          d,
        ),
        prepareSpace(
          this.ctx.to.map((c) => c.vector),
          this.ctx.toBasis,
          d,
        ),
      ];
      this.cache.set(d, hit);
    }
    return hit;
  }
}

/** The translation configurations tried: Procrustes and ridge (3 λ), each at every dimension. */
export function translationGrid(maxDim: number): TranslationConfig[] {
  const dims = [...new Set(DIMS_GRID.map((d) => Math.min(d, maxDim)))];
  return dims.flatMap((d) => [
    { kind: "procrustes" as const, dims: d, lambda: 0 },
    ...LAMBDA_GRID.map((lambda) => ({ kind: "ridge" as const, dims: d, lambda })),
  ]);
}

const split = (pairs: [number, number][], fold: Set<number>) => ({
  train: pairs.filter((p) => !fold.has(p[0])),
  test: pairs.filter((p) => fold.has(p[0])),
});

/** Cross-validated metrics of the translated enrollment signal alone, for one configuration. */
export function crossValidateTranslation(
  spaces: Spaces,
  pairs: [number, number][],
  folds: number[][],
  config: TranslationConfig,
): ArticulationMetrics {
  const [from, to] = spaces.get(config.dims);
  const perCourse: number[][] = [];
  for (const fold of folds) {
    const { train, test } = split(pairs, new Set(fold));
    const W = fitTranslation(from, to, train, config);
    for (const [i, truth] of groupPairs(test))
      perCourse.push(trueRanks(translatedSimilarity(from, to, W, [i]), truth));
  }
  return summarizeRanks(perCourse);
}

/** Every configuration's cross-validated MRR, and the best (ties: Procrustes, then fewer dimensions). */
export function chooseTranslation(
  ctx: Context,
  spaces: Spaces,
  known: [number, number][],
  folds: number[][],
): { translation: TranslationConfig; trials: TranslationTrial[] } {
  const maxDim = Math.min(ctx.fromBasis.dim, ctx.toBasis.dim);
  const trials = translationGrid(maxDim).map((config) => {
    const m = crossValidateTranslation(spaces, known, folds, config);
    return { ...config, mrr: m.mrr, recallAt5: m.recallAt5 };
  });
  const best = [...trials].sort(
    (a, b) => b.mrr - a.mrr || +(a.kind !== "procrustes") - +(b.kind !== "procrustes") || a.dims - b.dims,
  )[0]!;
  return { translation: { kind: best.kind, dims: best.dims, lambda: best.lambda }, trials };
}

export function fitArticulation(
  ctx: Context,
  known: [number, number][],
  { folds: k = 5, seed = 1 } = {},
): FittedArticulation {
  const distinct = new Set(known.map((p) => p[0])).size;
  if (distinct < 4)
    throw new Error(`Need known equivalences for at least 4 courses to cross-validate; got ${distinct}`);
  const spaces = new Spaces(ctx);
  const folds = foldsOf(known, k, seed);
  const { translation, trials } = chooseTranslation(ctx, spaces, known, folds);

  // Out-of-fold signal rows for every known `from` course.
  const examples: (Example & { fold: number; from: number })[] = [];
  const [from, to] = spaces.get(translation.dims);
  folds.forEach((fold, f) => {
    const { train, test } = split(known, new Set(fold));
    const W = fitTranslation(from, to, train, translation);
    const anchors = prepareAnchors(ctx, train);
    for (const [i, truth] of groupPairs(test)) {
      const enrollment = translatedSimilarity(from, to, W, [i]);
      examples.push({
        rows: featureRows(ctx, i, enrollment, neighbourCue(ctx, anchors, i)),
        truth,
        fold: f,
        from: i,
      });
    }
  });

  const perSignal = (s: number) => (e: Example) =>
    Float64Array.from({ length: e.rows.length / F }, (_, j) => e.rows[j * F + s]!);
  const cv = {
    enrollment: scoreExamples(examples, perSignal(0)),
    description: scoreExamples(examples, perSignal(1)),
    combined: summarizeRanks(
      folds.flatMap((_, f) => {
        const c = fitCombination(examples.filter((e) => e.fold !== f));
        return examples.filter((e) => e.fold === f).map((e) => trueRanks(combinedScores(c, e.rows), e.truth));
      }),
    ),
  };
  return { translation, trials, combination: fitCombination(examples), cv, folds: folds.length };
}

function scoreExamples(examples: Example[], scores: (e: Example) => Float64Array): ArticulationMetrics {
  return summarizeRanks(examples.map((e) => trueRanks(scores(e), e.truth)));
}
