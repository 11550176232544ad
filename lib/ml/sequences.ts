import { tf } from "./backend";

/** A student's history in model form: per term, the vocabulary indices taken; majors as indices. */
export type Sequence = { terms: number[][]; majors: number[] };

export type Batch = {
  x: tf.Tensor3D; // [batch, steps, V] multi-hot courses of term t-1 (step 0: the empty start term)
  m: tf.Tensor3D; // [batch, steps, M] multi-hot majors (same at every step)
  y: tf.Tensor3D; // [batch, steps, V] courses of term t, normalised to sum 1
  mask: tf.Tensor2D; // [batch, steps] 1 where term t exists and has courses
  steps: number;
};

/**
 * Tensors for next-term training. Every sequence starts with an empty "start" term, so step 0 sees
 * only the majors and predicts the first term (what a new student of that major takes); step t
 * sees term t-1 and predicts term t. Sequences are right-padded; the LSTM is causal, so padding
 * never changes a real step's output, and the mask removes padded steps from the loss.
 */
export function makeBatch(seqs: Sequence[], V: number, M: number): Batch {
  // At least 2 steps: tfjs-layers' LSTM gradient fails on a single time step (Unpack_grad).
  const steps = Math.max(2, ...seqs.map((s) => s.terms.length));
  const B = seqs.length;
  const x = new Float32Array(B * steps * V);
  const y = new Float32Array(B * steps * V);
  const m = new Float32Array(B * steps * M);
  const mask = new Float32Array(B * steps);
  seqs.forEach((s, b) => {
    for (let t = 0; t < s.terms.length; t++) {
      const base = (b * steps + t) * V;
      if (t > 0) for (const c of s.terms[t - 1]!) x[base + c] = 1;
      const next = s.terms[t]!;
      for (const c of next) y[base + c] = 1 / next.length;
      if (next.length) mask[b * steps + t] = 1;
      for (const j of s.majors) m[(b * steps + t) * M + j] = 1;
    }
  });
  return {
    x: tf.tensor3d(x, [B, steps, V]),
    m: tf.tensor3d(m, [B, steps, M]),
    y: tf.tensor3d(y, [B, steps, V]),
    mask: tf.tensor2d(mask, [B, steps]),
    steps,
  };
}

/**
 * Inference inputs: the start term, then every term of the history. The output at `lastStep`
 * scores the term after the history (for an empty history: a first term).
 */
export function makeInputs(histories: Sequence[], V: number, M: number): { x: tf.Tensor3D; m: tf.Tensor3D; lastStep: number[] } {
  const steps = Math.max(...histories.map((s) => s.terms.length + 1));
  const B = histories.length;
  const x = new Float32Array(B * steps * V);
  const m = new Float32Array(B * steps * M);
  histories.forEach((s, b) => {
    for (let t = 0; t <= s.terms.length; t++) {
      if (t > 0) for (const c of s.terms[t - 1]!) x[(b * steps + t) * V + c] = 1;
      for (const j of s.majors) m[(b * steps + t) * M + j] = 1;
    }
  });
  return { x: tf.tensor3d(x, [B, steps, V]), m: tf.tensor3d(m, [B, steps, M]), lastStep: histories.map((s) => s.terms.length) };
}

export function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.m.dispose();
  b.y.dispose();
  b.mask.dispose();
}

/**
 * Temporal split: the newest term with at least `minStudents` students is the test term. Training
 * sequences hold only terms before it, so no test-term course can leak into training.
 */
export function chooseTestTerm(termStudents: Map<number, number>, minStudents: number): number {
  const ordinals = [...termStudents.keys()].sort((a, b) => b - a);
  const test = ordinals.find((o) => termStudents.get(o)! >= minStudents);
  if (test === undefined) throw new Error(`No term has at least ${minStudents} students to serve as the test term`);
  return test;
}

/** Groups sequences of similar length into batches (less padding), in a seeded order. */
export function bucketBatches<T extends { terms: unknown[] }>(items: T[], batchSize: number, shuffle: <U>(a: U[]) => U[]): T[][] {
  const sorted = [...items].sort((a, b) => a.terms.length - b.terms.length);
  const batches: T[][] = [];
  for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  return shuffle(batches);
}
