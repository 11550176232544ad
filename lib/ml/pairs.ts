import { createRng, type Rng } from "../random";

export type PairOptions = { window: number; subsample: number; shuffles: number };

/**
 * A student's "sentence": courses in term order, shuffled within each term (a term's courses have
 * no order of their own).
 */
export function buildSentence(terms: number[][], rng: Rng): number[] {
  const out: number[] = [];
  for (const t of terms) out.push(...rng.shuffle([...t]));
  return out;
}

/** word2vec.c's probability of keeping a token of relative frequency `freq` (subsampling). */
export function keepProbability(freq: number, sample: number): number {
  if (sample <= 0 || freq <= 0) return 1;
  const r = freq / sample;
  return Math.min(1, (Math.sqrt(r) + 1) / r);
}

/**
 * Skip-gram pairs of a sentence: (center, context) for contexts within `window` positions, each with
 * the expected weight that word2vec's random window shrinking gives distance d: (window - d + 1) / window.
 */
export function windowPairs(
  sentence: number[],
  window: number,
  visit: (center: number, context: number, weight: number) => void,
): void {
  for (let i = 0; i < sentence.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(sentence.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (j === i) continue;
      const d = Math.abs(j - i);
      visit(sentence[i]!, sentence[j]!, (window - d + 1) / window);
    }
  }
}

/**
 * Aggregated skip-gram co-occurrences: how often each (center, context) pair is trained, on
 * average over `shuffles` passes (like word2vec's epochs). Each pass shuffles every term, drops
 * frequent courses by word2vec's subsampling *before* windowing (as word2vec does, so the window
 * reaches past dropped courses), and adds the window weights. Returns a dense [V, V] row-major matrix.
 * Pass p draws from its own generator (seed, p), so passes can be counted on different threads
 * (`passes` picks a subset; the parts add up to the whole).
 */
export function countCooccurrences(
  sentences: number[][][],
  vocabSize: number,
  tokenCounts: Float64Array,
  opts: PairOptions,
  seed: number,
  passes: number[] = [...Array(Math.max(1, opts.shuffles)).keys()],
): Float32Array {
  const total = tokenCounts.reduce((a, b) => a + b, 0);
  const keep = Float64Array.from(tokenCounts, (c) => keepProbability(c / Math.max(1, total), opts.subsample));
  const counts = new Float32Array(vocabSize * vocabSize);
  const scale = 1 / Math.max(1, opts.shuffles);
  for (const p of passes) {
    const rng = createRng(seed * 7919 + p + 1);
    for (const terms of sentences) {
      const sentence = buildSentence(terms, rng).filter((c) => keep[c]! >= 1 || rng.next() < keep[c]!);
      windowPairs(sentence, opts.window, (c, x, w) => {
        if (c !== x) counts[c * vocabSize + x]! += w * scale;
      });
    }
  }
  return counts;
}

/** Sentences as three flat arrays (cheap to post to a worker thread) and back. */
export type FlatSentences = { courses: Int32Array; termEnds: Int32Array; studentEnds: Int32Array };

export function flattenSentences(sentences: number[][][]): FlatSentences {
  const courses: number[] = [];
  const termEnds: number[] = [];
  const studentEnds: number[] = [];
  for (const terms of sentences) {
    for (const t of terms) {
      courses.push(...t);
      termEnds.push(courses.length);
    }
    studentEnds.push(termEnds.length);
  }
  return {
    courses: Int32Array.from(courses),
    termEnds: Int32Array.from(termEnds),
    studentEnds: Int32Array.from(studentEnds),
  };
}

export function unflattenSentences(f: FlatSentences): number[][][] {
  const out: number[][][] = [];
  let term = 0;
  let course = 0;
  for (const studentEnd of f.studentEnds) {
    const terms: number[][] = [];
    for (; term < studentEnd; term++) {
      const end = f.termEnds[term]!;
      terms.push(Array.from(f.courses.subarray(course, end)));
      course = end;
    }
    out.push(terms);
  }
  return out;
}

/** Token frequencies of the sentences. */
export function countTokens(sentences: number[][][], vocabSize: number): Float64Array {
  const counts = new Float64Array(vocabSize);
  for (const terms of sentences) for (const t of terms) for (const c of t) counts[c]!++;
  return counts;
}

/** The unigram^power distribution that negatives are drawn from (word2vec uses power 0.75). */
export function negativeDistribution(tokenCounts: Float64Array, power = 0.75): Float64Array {
  const q = Float64Array.from(tokenCounts, (c) => Math.pow(c, power));
  const sum = q.reduce((a, b) => a + b, 0) || 1;
  return q.map((x) => x / sum);
}

/** word2vec's negative table: indices repeated in proportion to their negative probability. */
export function buildNegativeTable(q: Float64Array, size = 1_000_000): Int32Array {
  const table = new Int32Array(size);
  let i = 0;
  let cum = q[0] ?? 0;
  for (let a = 0; a < size; a++) {
    table[a] = i;
    if (a / size > cum && i < q.length - 1) cum += q[++i]!;
  }
  return table;
}

/**
 * `k` negatives for a positive context, never the positive itself: a hit is redrawn, and when the
 * positive dominates the table (a very frequent course) the draw falls back to any other course.
 */
export function sampleNegatives(
  table: Int32Array,
  positive: number,
  k: number,
  rng: Rng,
  vocabSize: number,
): number[] {
  const out: number[] = [];
  let misses = 0;
  while (out.length < k) {
    const n =
      misses < 20
        ? table[rng.int(table.length)]!
        : (positive + 1 + rng.int(Math.max(1, vocabSize - 1))) % vocabSize;
    if (n !== positive) out.push(n);
    else misses++;
  }
  return out;
}
