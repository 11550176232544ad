import { tf } from "./backend";
import { SLOTS } from "../ingest/terms";

/**
 * A student's history in model form: per term, the vocabulary indices taken; majors as indices.
 * `slots`, where known, is each term's calendar slot (lib/ingest/terms.ts: Spring, Summer, Fall, …);
 * an inference history may add one more, the slot of the term it asks about.
 */
export type Sequence = {
  terms: number[][];
  majors: number[];
  slots?: number[];
  /**
   * Training only: each course's weight in the loss's next-term target, per term (absent: 1/k for
   * each of a term's k courses, so every term weighs 1). The step's target mass is the term's sum.
   */
  targetWeights?: number[][];
};

/** Width of the predicted term's one-hot slot input (the term-features model). */
export const TERM_SLOTS = SLOTS;

/** [B, steps, TERM_SLOTS]: at step t, the one-hot slot of the term step t predicts (zeros where unknown). */
function slotTensor(seqs: Sequence[], steps: number): tf.Tensor3D {
  const out = new Float32Array(seqs.length * steps * TERM_SLOTS);
  seqs.forEach((s, b) =>
    s.slots?.forEach((slot, t) => {
      if (t < steps) out[(b * steps + t) * TERM_SLOTS + slot] = 1;
    }),
  );
  return tf.tensor3d(out, [seqs.length, steps, TERM_SLOTS]);
}

/**
 * A term's courses as an embedding bag: indices [batch, steps, K] (K = most courses in one term of the
 * batch, padded with index 0) and weights [batch, steps, K] (1 for a course, 0 for padding). The
 * model sums the weighted embedding rows, which is the multi-hot × Dense product without the
 * [batch, steps, V] multi-hot tensor and its V-wide matMuls.
 */
export type CourseBag = { idx: tf.Tensor3D; w: tf.Tensor3D };

/**
 * A batch's next-term targets, sparse: entry i says that row `idx[i][0]` (= b · steps + t) has
 * course `idx[i][1]` in term t with weight `w[i]` = 1 / (courses in term t), or the sequence's
 * `targetWeights`. A dense [batch, steps, V] target tensor would cost a V-wide pass per use; the
 * loss needs only these entries.
 */
export type Targets = { idx: tf.Tensor2D; w: tf.Tensor1D };

export type Batch = {
  x: CourseBag; // courses of term t-1 (step 0: the empty start term)
  m: tf.Tensor3D; // [batch, steps, M] multi-hot majors (same at every step)
  slot: tf.Tensor3D; // [batch, steps, TERM_SLOTS] the calendar slot of term t
  targets: Targets; // courses of term t, each 1/k or its target weight (sparse: the loss gathers at them)
  mask: tf.Tensor2D; // [batch, steps] the target mass of term t (1, or its targetWeights' sum), 0 where none
};

/** Steps of these sequences that have a next term: the non-zero entries of their batch's mask (the loss's denominator). */
export function targetSteps(seqs: Sequence[]): number {
  return seqs.reduce((n, s) => n + s.terms.filter((t) => t.length > 0).length, 0);
}

/** The bag tensors for `termAt(b, t)` over a [B, steps] grid (undefined or empty = no courses). */
function courseBag(
  B: number,
  steps: number,
  termAt: (b: number, t: number) => number[] | undefined,
): CourseBag {
  let K = 1;
  for (let b = 0; b < B; b++) for (let t = 0; t < steps; t++) K = Math.max(K, termAt(b, t)?.length ?? 0);
  const idx = new Int32Array(B * steps * K);
  const w = new Float32Array(B * steps * K);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < steps; t++) {
      const term = termAt(b, t);
      if (!term) continue;
      const base = (b * steps + t) * K;
      term.forEach((c, k) => {
        idx[base + k] = c;
        w[base + k] = 1;
      });
    }
  return { idx: tf.tensor3d(idx, [B, steps, K], "int32"), w: tf.tensor3d(w, [B, steps, K]) };
}

/**
 * Tensors for next-term training. Every sequence starts with an empty "start" term, so step 0 sees
 * only the majors and predicts the first term (what a new student of that major takes); step t
 * sees term t-1 and predicts term t. Sequences are right-padded; the LSTM is causal, so padding
 * never changes a real step's output, and the mask removes padded steps from the loss.
 */
export function makeBatch(seqs: Sequence[], M: number): Batch {
  // At least 2 steps: tfjs-layers' LSTM gradient fails on a single time step (Unpack_grad).
  const steps = Math.max(2, ...seqs.map((s) => s.terms.length));
  const B = seqs.length;
  const m = new Float32Array(B * steps * M);
  const mask = new Float32Array(B * steps);
  const targetIdx: number[] = [];
  const targetVal: number[] = [];
  seqs.forEach((s, b) => {
    for (let t = 0; t < s.terms.length; t++) {
      const next = s.terms[t]!;
      const weights = s.targetWeights?.[t];
      next.forEach((c, i) => {
        targetIdx.push(b * steps + t, c);
        targetVal.push(weights ? weights[i]! : 1 / next.length);
      });
      if (next.length) mask[b * steps + t] = weights ? weights.reduce((a, x) => a + x, 0) : 1;
      for (const j of s.majors) m[(b * steps + t) * M + j] = 1;
    }
  });
  return {
    x: courseBag(B, steps, (b, t) =>
      t > 0 && t < seqs[b]!.terms.length ? seqs[b]!.terms[t - 1] : undefined,
    ),
    m: tf.tensor3d(m, [B, steps, M]),
    slot: slotTensor(seqs, steps),
    targets: { idx: tf.tensor2d(targetIdx, [targetVal.length, 2], "int32"), w: tf.tensor1d(targetVal) },
    mask: tf.tensor2d(mask, [B, steps]),
  };
}

/**
 * Inference inputs: the start term, then every term of the history. The output at `lastStep`
 * scores the term after the history (for an empty history: a first term).
 */
export function makeInputs(
  histories: Sequence[],
  M: number,
): { x: CourseBag; m: tf.Tensor3D; slot: tf.Tensor3D; lastStep: number[] } {
  const steps = Math.max(...histories.map((s) => s.terms.length + 1));
  const B = histories.length;
  const m = new Float32Array(B * steps * M);
  histories.forEach((s, b) => {
    for (let t = 0; t <= s.terms.length; t++) for (const j of s.majors) m[(b * steps + t) * M + j] = 1;
  });
  return {
    x: courseBag(B, steps, (b, t) => (t > 0 ? histories[b]!.terms[t - 1] : undefined)),
    m: tf.tensor3d(m, [B, steps, M]),
    slot: slotTensor(histories, steps),
    lastStep: histories.map((s) => s.terms.length),
  };
}

export function disposeBatch(b: Batch): void {
  tf.dispose([b.x.idx, b.x.w, b.m, b.slot, b.targets.idx, b.targets.w, b.mask]);
}

/** The tensors a model built by buildRnn takes, in its input order (the slot input only where it has one). */
export function modelInputs(
  model: tf.LayersModel,
  b: { x: CourseBag; m: tf.Tensor3D; slot: tf.Tensor3D },
): tf.Tensor[] {
  return model.inputs.length > 3 ? [b.x.idx, b.x.w, b.m, b.slot] : [b.x.idx, b.x.w, b.m];
}

/**
 * Temporal split: the newest term with at least `minStudents` students is the test term. Training
 * sequences hold only terms before it, so no test-term course can leak into training.
 */
export function chooseTestTerm(termStudents: Map<number, number>, minStudents: number): number {
  const ordinals = [...termStudents.keys()].sort((a, b) => b - a);
  const test = ordinals.find((o) => termStudents.get(o)! >= minStudents);
  if (test === undefined)
    throw new Error(`No term has at least ${minStudents} students to serve as the test term`);
  return test;
}

/** Groups sequences of similar length into batches (less padding), in a seeded order. */
export function bucketBatches<T extends { terms: unknown[] }>(
  items: T[],
  batchSize: number,
  shuffle: <U>(a: U[]) => U[],
): T[][] {
  const sorted = [...items].sort((a, b) => a.terms.length - b.terms.length);
  const batches: T[][] = [];
  for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  return shuffle(batches);
}
