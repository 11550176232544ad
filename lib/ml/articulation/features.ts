import { jaccard, levelCue, numberCue } from "./cues";
import { cosineSparse, tfidfVectors, tokenize, type TermVector } from "./text";
import { fitSpaceBasis, type SpaceBasis } from "./translate";

/** One course of either institution, as the model sees it. */
export type ArticulationCourse = {
  code: string;
  subject: string;
  number: string;
  title: string;
  description: string;
  /** 1 lower-division, 2 upper-division, 3 graduate, 0 unknown. */
  levelRank: number;
  /** The institution's course2vec vector, or null (too few students for one). */
  vector: ArrayLike<number> | null;
};

export { F, SIGNALS, type Signal } from "./signals";
import { F } from "./signals";

/**
 * What does not depend on the known pairs, computed once: text vectors, title tokens, the
 * known-independent signals for every (from, to) pair, each space's basis and unit vectors.
 */
export type Context = {
  from: ArticulationCourse[];
  to: ArticulationCourse[];
  fromText: TermVector[];
  toText: TermVector[];
  fromTitle: string[][];
  toTitle: string[][];
  /** A readable word for each stem, for reasons. */
  surface: Map<string, string>;
  /** [nFrom * nTo] per signal: description, title, number, level. */
  fixed: { description: Float32Array; title: Float32Array; number: Float32Array; level: Float32Array };
  fromBasis: SpaceBasis;
  toBasis: SpaceBasis;
  fromUnit: (Float64Array | null)[];
  toUnit: (Float64Array | null)[];
};

function unitOrNull(v: ArrayLike<number> | null): Float64Array | null {
  if (!v) return null;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! ** 2;
  if (s === 0) return null;
  const inv = 1 / Math.sqrt(s);
  return Float64Array.from(v, (x) => x * inv);
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

export function buildContext(from: ArticulationCourse[], to: ArticulationCourse[]): Context {
  const surface = new Map<string, string>();
  const docs = [...from, ...to].map((c) => tokenize(`${c.title} ${c.description}`, surface));
  const text = tfidfVectors(docs);
  const fromText = text.slice(0, from.length);
  const toText = text.slice(from.length);
  const fromTitle = from.map((c) => tokenize(c.title));
  const toTitle = to.map((c) => tokenize(c.title));
  const n = from.length * to.length;
  const fixed = {
    description: new Float32Array(n),
    title: new Float32Array(n),
    number: new Float32Array(n),
    level: new Float32Array(n),
  };
  for (let i = 0; i < from.length; i++) {
    for (let j = 0; j < to.length; j++) {
      const p = i * to.length + j;
      fixed.description[p] = cosineSparse(fromText[i]!, toText[j]!);
      fixed.title[p] = jaccard(fromTitle[i]!, toTitle[j]!);
      fixed.number[p] = numberCue(from[i]!.number, to[j]!.number);
      fixed.level[p] = levelCue(from[i]!.levelRank, to[j]!.levelRank);
    }
  }
  const fromVectors = from.map((c) => c.vector);
  const toVectors = to.map((c) => c.vector);
  if (!fromVectors.some(Boolean) || !toVectors.some(Boolean))
    throw new Error("Both institutions need course2vec vectors (train course2vec for each first)");
  return {
    from,
    to,
    fromText,
    toText,
    fromTitle,
    toTitle,
    surface,
    fixed,
    fromBasis: fitSpaceBasis(fromVectors),
    toBasis: fitSpaceBasis(toVectors),
    fromUnit: fromVectors.map(unitOrNull),
    toUnit: toVectors.map(unitOrNull),
  };
}

/** The known pairs a neighbour cue may use for one `from` course: never that course's own. */
export type Anchors = { pairs: [number, number][]; toSims: Float64Array[] };

/** Each anchor's `to` course's cosine with every `to` course (in the `to` space). */
export function prepareAnchors(ctx: Context, pairs: [number, number][]): Anchors {
  const usable = pairs.filter(([a, b]) => ctx.fromUnit[a] && ctx.toUnit[b]);
  const toSims = usable.map(([, b]) => {
    const t = ctx.toUnit[b]!;
    return Float64Array.from(ctx.toUnit, (u) => (u ? dot(u, t) : 0));
  });
  return { pairs: usable, toSims };
}

/**
 * The neighbour cue for `from` course i against every `to` course: the Pearson correlation, over
 * the known pairs (n → t) other than i's own, between i's similarity to n (college space) and the
 * candidate's similarity to t (university space). A candidate that stands to the known
 * equivalents as i stands to their college courses scores near 1. No translation is involved,
 * so it complements the translated enrollment signal.
 */
export function neighbourCue(ctx: Context, anchors: Anchors, i: number): Float64Array {
  const out = new Float64Array(ctx.to.length);
  const x = ctx.fromUnit[i];
  if (!x) return out;
  const keep = anchors.pairs.map(([a], k) => (a === i ? -1 : k)).filter((k) => k >= 0);
  if (keep.length < 3) return out;
  const a = keep.map((k) => dot(x, ctx.fromUnit[anchors.pairs[k]![0]]!));
  const meanA = a.reduce((s, v) => s + v, 0) / a.length;
  const ca = a.map((v) => v - meanA);
  const normA = Math.sqrt(ca.reduce((s, v) => s + v * v, 0));
  if (normA === 0) return out;
  for (let j = 0; j < ctx.to.length; j++) {
    if (!ctx.toUnit[j]) continue;
    let mean = 0;
    for (const k of keep) mean += anchors.toSims[k]![j]!;
    mean /= keep.length;
    let cross = 0;
    let norm = 0;
    keep.forEach((k, q) => {
      const v = anchors.toSims[k]![j]! - mean;
      cross += ca[q]! * v;
      norm += v * v;
    });
    out[j] = norm > 0 ? cross / (normA * Math.sqrt(norm)) : 0;
  }
  return out;
}

/** How close (cosine, within one institution) two courses must be to be called neighbours in a reason. */
export const NEAR = 0.5;

/**
 * The known pair that explains most of i's neighbour cue for candidate j (for the reasons): its
 * college course near i and its equivalent near j or j itself (cosine ≥ NEAR on both sides), or null.
 */
export function strongestAnchor(
  ctx: Context,
  anchors: Anchors,
  i: number,
  j: number,
): [number, number] | null {
  const x = ctx.fromUnit[i];
  if (!x) return null;
  let best: [number, number] | null = null;
  let bestScore = 0;
  anchors.pairs.forEach(([a, b], k) => {
    if (a === i) return;
    const near = dot(x, ctx.fromUnit[a]!);
    const there = anchors.toSims[k]![j]!;
    if (near < NEAR || there < NEAR) return;
    if (near * there > bestScore) {
      bestScore = near * there;
      best = [a, b];
    }
  });
  return best;
}

/**
 * Feature rows [nTo * F] for `from` course i, given its translated enrollment similarities and
 * neighbour cue (both computed by the caller for the known pairs it may use).
 */
export function featureRows(
  ctx: Context,
  i: number,
  enrollment: ArrayLike<number>,
  neighbour: ArrayLike<number>,
) {
  const nTo = ctx.to.length;
  const out = new Float64Array(nTo * F);
  const base = i * nTo;
  for (let j = 0; j < nTo; j++) {
    const p = j * F;
    out[p] = enrollment[j]!;
    out[p + 1] = ctx.fixed.description[base + j]!;
    out[p + 2] = ctx.fixed.title[base + j]!;
    out[p + 3] = ctx.fixed.number[base + j]!;
    out[p + 4] = ctx.fixed.level[base + j]!;
    out[p + 5] = neighbour[j]!;
  }
  return out;
}
