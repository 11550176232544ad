import type { Neighbours } from "./similarity";

export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  const s = Array.from(values).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Share of each row's first `k` neighbours that share its group (e.g. subject), over all rows. */
export function groupPrecisionAtK(nb: Neighbours, groupOf: ArrayLike<number>, k = 10): number {
  const V = groupOf.length;
  let hits = 0;
  let total = 0;
  const kk = Math.min(k, nb.k);
  for (let r = 0; r < V; r++) {
    for (let j = 0; j < kk; j++) {
      total++;
      if (groupOf[nb.index[r * nb.k + j]!] === groupOf[r]) hits++;
    }
  }
  return total ? hits / total : NaN;
}

export type Course2VecMetrics = {
  courses: number;
  crossListedPairs: number;
  crossListMedianRank: number;
  crossListTop10: number;
  subjectPrecisionAt10: number;
};

/** The PLOS ONE protocol: rank of each cross-listed partner (both directions) and subject P@10. */
export function course2vecMetrics(
  nb: Neighbours,
  ranks: Int32Array,
  subjectOf: ArrayLike<number>,
): Course2VecMetrics {
  const top10 = Array.from(ranks).filter((r) => r <= 10).length;
  return {
    courses: subjectOf.length,
    crossListedPairs: ranks.length,
    crossListMedianRank: median(ranks),
    crossListTop10: ranks.length ? top10 / ranks.length : NaN,
    subjectPrecisionAt10: groupPrecisionAtK(nb, subjectOf, 10),
  };
}
