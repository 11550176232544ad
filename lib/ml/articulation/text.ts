/**
 * Catalog text as bags of terms, and TF-IDF cosine between two catalogs' courses with the terms
 * that make it up. A small tokenizer of our own instead of `natural`: catalog text is short,
 * English and regular, and all it needs is lower-casing, accents folded, stop words dropped and
 * plurals folded (Harman's 1991 S-stemmer, which never merges words a reader would tell apart, as
 * Porter's stemmer does with "general"/"generate"); `natural` would add megabytes for that.
 */

const STOP = new Set(
  (
    "a about above after again all also am an and any are as at be been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers " +
    "him his how i if in into is it its itself just me more most my no nor not of off on once only or other our " +
    "out over own same she should so some such than that the their them then there these they this those " +
    "through to too under until up very was we were what when where which while who whom why will with you your " +
    // Catalog boilerplate: in nearly every description, so it says nothing about the subject.
    "course courses student students include includes including topic topics study studies introduce " +
    "introduces emphasis emphasizes cover covers covered use using used may must well one two three"
  ).split(" "),
);

/** Harman's S-stemmer: -ies → -y, -es → -e, -s → "" (with its exceptions). */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && !word.endsWith("eies") && !word.endsWith("aies"))
    return word.slice(0, -3) + "y";
  if (word.endsWith("es") && !word.endsWith("aes") && !word.endsWith("ees") && !word.endsWith("oes"))
    return word.slice(0, -1);
  if (word.endsWith("s") && !word.endsWith("us") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/**
 * Lower-cased, accent-folded word stems of a text, stop words and lone digits dropped. `surface`,
 * when given, learns a readable word for each stem (its first spelling) for reasons on a page.
 */
export function tokenize(text: string, surface?: Map<string, string>): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  const out: string[] = [];
  for (const w of folded.split(/[^a-z0-9]+/)) {
    if (w.length < 2 || STOP.has(w) || /^\d+$/.test(w)) continue;
    const s = stem(w);
    if (surface && !surface.has(s)) surface.set(s, w);
    out.push(s);
  }
  return out;
}

/** A unit-length sparse TF-IDF vector: term → weight. */
export type TermVector = Map<string, number>;

/**
 * TF-IDF vectors for every document of both catalogs, with document frequencies counted over
 * both, so a term common at one institution only (its house style) weighs less everywhere.
 * Sub-linear term frequency (1 + ln tf) and smoothed idf ln((N + 1) / (df + 1)) + 1.
 */
export function tfidfVectors(docs: string[][]): TermVector[] {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const N = docs.length;
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v: TermVector = new Map();
    let norm = 0;
    for (const [t, n] of tf) {
      const w = (1 + Math.log(n)) * (Math.log((N + 1) / (df.get(t)! + 1)) + 1);
      v.set(t, w);
      norm += w * w;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const [t, w] of v) v.set(t, w * inv);
    return v;
  });
}

export function cosineSparse(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const x = large.get(t);
    if (x !== undefined) s += w * x;
  }
  return s;
}

/** The shared terms that contribute most to the cosine, largest first. */
export function sharedTerms(a: TermVector, b: TermVector, limit = 5): string[] {
  const shared: [string, number][] = [];
  for (const [t, w] of a) {
    const x = b.get(t);
    if (x !== undefined) shared.push([t, w * x]);
  }
  return shared
    .sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]))
    .slice(0, limit)
    .map((p) => p[0]);
}
