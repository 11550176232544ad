/**
 * Ranking metrics for articulation, per `from` course with its set T of true equivalents (one
 * course, or two for a one-to-two equivalence), averaged over `from` courses (a one-to-two
 * equivalence counts once, not twice):
 *
 *   recall@k = |top-k ∩ T| / min(k, |T|)   (a perfect ranking scores 1 at every k, also k = 1 with |T| = 2)
 *   MRR      = 1 / rank of the first member of T   (the first right answer a reader meets)
 *
 * Ranks are 1-based over every candidate; ties are broken against the true courses (a true course
 * tied with a false one ranks below it), so a constant score earns nothing.
 */

export type ArticulationMetrics = {
  courses: number;
  pairs: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
};

/** The 1-based ranks of the true candidates among `scores` (ties counted against them). */
export function trueRanks(scores: ArrayLike<number>, truth: ReadonlySet<number>): number[] {
  const ranks: number[] = [];
  for (const t of truth) {
    const s = scores[t]!;
    let better = 0;
    for (let j = 0; j < scores.length; j++) {
      if (j === t) continue;
      const x = scores[j]!;
      if (x > s || (x === s && !truth.has(j))) better++;
    }
    ranks.push(better + 1);
  }
  return ranks;
}

/** Recall@k per the definition above, from the true courses' ranks. */
export function recallAt(ranks: number[], k: number): number {
  if (ranks.length === 0) return NaN;
  return ranks.filter((r) => r <= k).length / Math.min(k, ranks.length);
}

/** Averages the metrics over `from` courses, given each one's true ranks. */
export function summarizeRanks(perCourse: number[][]): ArticulationMetrics {
  const rows = perCourse.filter((r) => r.length > 0);
  const mean = (f: (r: number[]) => number) =>
    rows.length ? rows.reduce((s, r) => s + f(r), 0) / rows.length : NaN;
  return {
    courses: rows.length,
    pairs: rows.reduce((s, r) => s + r.length, 0),
    recallAt1: mean((r) => recallAt(r, 1)),
    recallAt5: mean((r) => recallAt(r, 5)),
    recallAt10: mean((r) => recallAt(r, 10)),
    mrr: mean((r) => 1 / Math.min(...r)),
  };
}

/** Groups (from, to) pairs by `from`: from → set of to. */
export function groupPairs(pairs: readonly [number, number][]): Map<number, Set<number>> {
  const byFrom = new Map<number, Set<number>>();
  for (const [a, b] of pairs) {
    const set = byFrom.get(a) ?? new Set<number>();
    set.add(b);
    byFrom.set(a, set);
  }
  return byFrom;
}

/**
 * The metrics of a score function over the `to` courses for each `from` course of `pairs`.
 * `scoresOf(from)` returns one score per `to` course.
 */
export function evaluateRanking(
  pairs: readonly [number, number][],
  scoresOf: (from: number) => ArrayLike<number>,
): ArticulationMetrics {
  const perCourse = [...groupPairs(pairs)].map(([from, truth]) => trueRanks(scoresOf(from), truth));
  return summarizeRanks(perCourse);
}
