/** course2vec's hyperparameters, shared by the trainer, the CLI and stored runs; imports nothing. */
export type Course2VecParams = {
  dim: number;
  window: number;
  negatives: number;
  subsample: number;
  steps: number;
  learningRate: number;
  shuffles: number;
  blockRows: number;
  seed: number;
  /** Threads computing the gradient (each with its own TF.js backend); 0 = 2 on wasm when the vocabulary is large enough to pay for a worker, else 1. */
  threads: number;
  /** The learning rate decays linearly from learningRate to learningRate · finalLrRatio over the steps (1 = constant). */
  finalLrRatio: number;
  /** Adam's decay of its squared-gradient average (β2; β1 stays 0.9). */
  beta2: number;
  /** Decoupled (AdamW) weight decay on both W and C; 0 = off. */
  weightDecay: number;
  /** The full loss (a softplus over the whole matrix) is computed every this many steps, and at the first and last. */
  lossEvery: number;
  /** Where training starts: "svd" = the truncated SVD of the shifted positive PMI matrix (ppmi.ts), "random" = word2vec's. */
  init: "svd" | "random";
  /** Power iterations of the randomized SVD (more = closer to the exact top singular vectors). */
  powerIterations: number;
  /** The PMI shift of the SVD start: log(shift) is subtracted before the positive part (k = SGNS's own). */
  svdShift: number;
  /** The SVD start's W = U Σ^p, C = V Σ^(1−p). */
  svdPower: number;
  /** Contexts trained against: the most frequent courses holding this share of all occurrences (1 = every course; 0 = auto: 0.9 from 2,048 courses, else 1; contexts.ts). */
  contextMass: number;
  /** Stop once the loss improves by less than this fraction per step between two loss evaluations; 0 = run all steps. */
  stopTolerance: number;
};

export const DEFAULT_COURSE2VEC: Course2VecParams = {
  dim: 128,
  window: 10,
  negatives: 5,
  subsample: 1e-3,
  steps: 75,
  learningRate: 0.15,
  shuffles: 4,
  blockRows: 1024,
  seed: 42,
  threads: 0,
  // β2 0.9 reaches a quality in half the steps that 0.999 needs; the decay damps its late
  // oscillations (docs/benchmarks.md, "course2vec: fewer steps").
  finalLrRatio: 0.1,
  beta2: 0.9,
  // Chosen on the demo and Berkeley-scale corpora against gensim (docs/benchmarks.md, "course2vec: defaults, and what they trade").
  weightDecay: 0.2,
  lossEvery: 30,
  init: "random",
  powerIterations: 2,
  svdShift: 1,
  svdPower: 0.5,
  // Chosen at the demo and Berkeley scales against gensim (docs/benchmarks.md, "course2vec at Berkeley scale").
  contextMass: 0,
  stopTolerance: 1e-4,
};
