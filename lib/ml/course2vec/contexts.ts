/**
 * The share of enrollments whose courses are kept as contexts when training asks for "auto" (0):
 * below AUTO_CONTEXT_MIN_VOCAB courses a full step is cheap and every context is kept; above it
 * the courses holding 90% (docs/benchmarks.md, "course2vec at Berkeley scale: the levers").
 */
export const AUTO_CONTEXT_MIN_VOCAB = 2048;

export function contextShare(requested: number, vocabSize: number): number {
  if (requested > 0) return requested;
  return vocabSize >= AUTO_CONTEXT_MIN_VOCAB ? 0.9 : 1;
}

/**
 * The contexts (columns of the co-occurrence matrix) that training fits: the most frequent courses
 * that together hold `mass` of all course occurrences, in index order; mass ≥ 1 keeps every course.
 * Every course still gets a vector (a row); a rare course is mostly seen beside frequent ones, so
 * dropping rare columns costs little of the objective and shrinks every product in proportion.
 */
export function frequentContexts(tokenCounts: Float64Array, mass: number): Int32Array {
  const V = tokenCounts.length;
  if (mass >= 1) return Int32Array.from({ length: V }, (_, i) => i);
  const total = tokenCounts.reduce((a, b) => a + b, 0);
  const byCount = Array.from({ length: V }, (_, i) => i).sort(
    (a, b) => tokenCounts[b]! - tokenCounts[a]! || a - b,
  );
  let kept = 0;
  let sum = 0;
  while (kept < V && sum < mass * total) sum += tokenCounts[byCount[kept++]!]!;
  return Int32Array.from(byCount.slice(0, Math.max(1, kept))).sort();
}
