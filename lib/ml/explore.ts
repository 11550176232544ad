/**
 * "Explore" scoring after AskOski's serendipity study (Pardos and Jiang, LAK 2020): courses outside
 * the student's own subjects that are close to something they took (relevance) yet far from what
 * students of their major usually take (unexpectedness), both in course2vec space. Pure: vectors in,
 * ranked indices out.
 */
export type ExploreCandidate = {
  index: number;
  score: number;
  /** Highest cosine to a course the student took. */
  relevance: number;
  /** 1 - cosine to the major's profile (the enrollment-weighted mean of its students' courses). */
  unexpectedness: number;
  /** The taken course it is closest to (an index), for the reason. */
  closest: number;
};

export function cosineRows(unit: Float32Array, dim: number, a: number, v: Float32Array): number {
  let dot = 0;
  let norm = 0;
  for (let d = 0; d < dim; d++) {
    dot += unit[a * dim + d]! * v[d]!;
    norm += v[d]! * v[d]!;
  }
  return norm > 0 ? dot / Math.sqrt(norm) : 0;
}

/**
 * Ranks `allowed` courses by relevance × unexpectedness. A course must be at least `minRelevance`
 * close to something taken, so "unexpected" never means "unrelated".
 */
export function rankExplore(opts: {
  unit: Float32Array;
  dim: number;
  taken: number[];
  profile: Float32Array;
  allowed: (i: number) => boolean;
  limit: number;
  minRelevance?: number;
}): ExploreCandidate[] {
  const { unit, dim, taken, profile, allowed, limit, minRelevance = 0.2 } = opts;
  if (taken.length === 0) return [];
  const V = unit.length / dim;
  const out: ExploreCandidate[] = [];
  for (let i = 0; i < V; i++) {
    if (!allowed(i)) continue;
    let relevance = -1;
    let closest = -1;
    for (const t of taken) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += unit[i * dim + d]! * unit[t * dim + d]!;
      if (dot > relevance) [relevance, closest] = [dot, t];
    }
    if (relevance < minRelevance) continue;
    const unexpectedness = 1 - cosineRows(unit, dim, i, profile);
    out.push({ index: i, score: relevance * unexpectedness, relevance, unexpectedness, closest });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** The weighted mean of rows (weights by index); a zero vector when nothing has weight. */
export function weightedProfile(unit: Float32Array, dim: number, weights: ArrayLike<number>): Float32Array {
  const out = new Float32Array(dim);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w) for (let d = 0; d < dim; d++) out[d]! += w * unit[i * dim + d]!;
  }
  return out;
}
