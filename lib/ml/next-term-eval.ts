import type { Sequence } from "./sequences";

/** One student of the test term: history before it, and what they actually took in it. */
export type EvalCase = {
  history: Sequence;
  target: number[]; // vocabulary indices taken in the test term
  targetCount: number; // all courses taken in the test term, out-of-vocabulary ones included (they count as misses)
  taken: Set<number>; // vocabulary indices taken before
};

export type RankingMetrics = {
  students: number;
  recallAt10: number;
  mrrAt10: number;
  byPriorTerms: Record<string, { students: number; recallAt10: number; mrrAt10: number }>;
};

export function priorTermsBucket(n: number): string {
  if (n <= 1) return "1";
  if (n <= 3) return "2-3";
  if (n <= 6) return "4-6";
  return "7+";
}

/**
 * Micro recall@k (hits in the top k ÷ courses actually taken) and MRR@k (mean over students of
 * 1/rank of the first hit in the top k, 0 if none), over candidates offered in the test term,
 * optionally excluding courses the student already took.
 */
export function rankingMetrics(
  cases: EvalCase[],
  scores: ArrayLike<number>[],
  offered: Uint8Array,
  excludeTaken: boolean,
  k = 10,
): RankingMetrics {
  const buckets = new Map<string, { students: number; hits: number; total: number; rr: number }>();
  let hits = 0;
  let total = 0;
  let rr = 0;
  cases.forEach((c, i) => {
    const top = topCandidates(scores[i]!, offered, excludeTaken ? c.taken : null, k);
    const target = new Set(c.target);
    let h = 0;
    let first = 0;
    top.forEach((idx, r) => {
      if (target.has(idx)) {
        h++;
        if (!first) first = r + 1;
      }
    });
    const rec = first ? 1 / first : 0;
    hits += h;
    total += c.targetCount;
    rr += rec;
    const key = priorTermsBucket(c.history.terms.length);
    const b = buckets.get(key) ?? { students: 0, hits: 0, total: 0, rr: 0 };
    b.students++;
    b.hits += h;
    b.total += c.targetCount;
    b.rr += rec;
    buckets.set(key, b);
  });
  const byPriorTerms = Object.fromEntries(
    [...buckets].sort().map(([key, b]) => [
      key,
      {
        students: b.students,
        recallAt10: b.total ? b.hits / b.total : 0,
        mrrAt10: b.students ? b.rr / b.students : 0,
      },
    ]),
  );
  return {
    students: cases.length,
    recallAt10: total ? hits / total : 0,
    mrrAt10: cases.length ? rr / cases.length : 0,
    byPriorTerms,
  };
}

/** Indices of the k best-scoring allowed candidates, best first. */
export function topCandidates(
  scores: ArrayLike<number>,
  allowed: Uint8Array,
  exclude: Set<number> | null,
  k: number,
): number[] {
  const best: number[] = [];
  for (let c = 0; c < scores.length; c++) {
    if (!allowed[c] || exclude?.has(c)) continue;
    const s = scores[c]!;
    if (best.length === k && s <= scores[best[k - 1]!]!) continue;
    let pos = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(c);
    while (pos > 0 && scores[best[pos - 1]!]! < s) {
      best[pos] = best[pos - 1]!;
      pos--;
    }
    best[pos] = c;
  }
  return best;
}

/** Popularity: how many training enrollments each course has. */
export function popularityScores(train: Sequence[], V: number): Float32Array {
  const counts = new Float32Array(V);
  for (const s of train) for (const t of s.terms) for (const c of t) counts[c]!++;
  return counts;
}

/**
 * Co-occurrence: counts of students who took b in the term right after taking a; a history scores
 * b by summing over its past courses a ("what students who took my past courses took next").
 */
export function transitionCounts(train: Sequence[], V: number): Float32Array {
  const T = new Float32Array(V * V);
  for (const s of train) {
    for (let t = 0; t + 1 < s.terms.length; t++)
      for (const a of s.terms[t]!) for (const b of s.terms[t + 1]!) T[a * V + b]!++;
  }
  return T;
}

export function cooccurrenceScores(
  history: Sequence,
  T: Float32Array,
  V: number,
  tieBreak: Float32Array,
): Float32Array {
  const out = new Float32Array(V);
  for (let b = 0; b < V; b++) out[b] = tieBreak[b]! * 1e-9;
  for (const term of history.terms)
    for (const a of term) for (let b = 0; b < V; b++) out[b]! += T[a * V + b]!;
  return out;
}

/** Popularity among students of the same major at the same point (k-th term of their history). */
export function majorAtPointCounts(train: Sequence[], V: number): Map<string, Float32Array> {
  const table = new Map<string, Float32Array>();
  for (const s of train) {
    s.terms.forEach((term, k) => {
      for (const m of s.majors.length ? s.majors : [-1]) {
        const key = `${m}|${k}`;
        let row = table.get(key);
        if (!row) table.set(key, (row = new Float32Array(V)));
        for (const c of term) row[c]!++;
      }
    });
  }
  return table;
}

export function majorAtPointScores(
  history: Sequence,
  table: Map<string, Float32Array>,
  V: number,
  tieBreak: Float32Array,
): Float32Array {
  const k = history.terms.length; // the next term's position
  const out = new Float32Array(V);
  for (let c = 0; c < V; c++) out[c] = tieBreak[c]! * 1e-9;
  for (const m of history.majors.length ? history.majors : [-1]) {
    const row = table.get(`${m}|${k}`) ?? table.get(`${m}|${k - 1}`);
    if (row) for (let c = 0; c < V; c++) out[c]! += row[c]!;
  }
  return out;
}
