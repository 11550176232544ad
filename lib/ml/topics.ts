/**
 * Description words placed in course-vector space (AskOski's search by inferred keywords): a word's
 * vector is the normalised centroid of the vectors of the courses whose text uses it, so a topic
 * search also finds courses that students treat as that topic although their text never says it.
 */
export type WordVectors = { dim: number; vectors: Map<string, Float32Array> };

/**
 * `words[i]` are course i's words. Words used by fewer than `minCourses` courses say nothing
 * reliable; words used by more than `maxShare` of them are the catalog's boilerplate ("topics",
 * "weekly") and are dropped too.
 */
export function buildWordVectors(
  words: string[][],
  unit: Float32Array,
  dim: number,
  { minCourses = 2, maxShare = 0.15 }: { minCourses?: number; maxShare?: number } = {},
): WordVectors {
  const users = new Map<string, number[]>();
  words.forEach((ws, i) => {
    for (const w of new Set(ws)) if (w.length > 2) users.set(w, [...(users.get(w) ?? []), i]);
  });
  const vectors = new Map<string, Float32Array>();
  for (const [w, idx] of users) {
    if (idx.length < minCourses || idx.length > maxShare * words.length) continue;
    const v = new Float32Array(dim);
    for (const i of idx) for (let d = 0; d < dim; d++) v[d]! += unit[i * dim + d]!;
    const norm = Math.hypot(...v) || 1;
    vectors.set(
      w,
      v.map((x) => x / norm),
    );
  }
  return { dim, vectors };
}

/** The query's words that have vectors (also their singular: "languages" → "language"), and their mean. */
export function topicOf(q: string, wv: WordVectors): { matched: string[]; vector: Float32Array } | null {
  const matched = [
    ...new Set(
      q
        .toLowerCase()
        .split(/[^\p{L}\d]+/u)
        .map((w) =>
          wv.vectors.has(w) ? w : w.endsWith("s") && wv.vectors.has(w.slice(0, -1)) ? w.slice(0, -1) : "",
        )
        .filter(Boolean),
    ),
  ];
  if (!matched.length) return null;
  const vector = new Float32Array(wv.dim);
  for (const w of matched) wv.vectors.get(w)!.forEach((x, d) => (vector[d]! += x / matched.length));
  return { matched, vector };
}
