/**
 * The LSTM's hyperparameters, shared by training and inference (a stored run's params rebuild its
 * model), so this module imports nothing.
 */
export type RnnParams = {
  units: number;
  layers: number;
  embedding: number;
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Threads computing each batch's gradient, each on part of the batch with its own TF.js backend; 0 = 2 on wasm for 512+ courses, else 1. */
  threads: number;
  /**
   * A second course embedding, summed over every term before the one predicted, as another LSTM
   * input (CumulativeSum). Stored runs from before it lack the field: read as false.
   */
  historyBag?: boolean;
  /** The learning rate decays linearly to this share of `learningRate` by the last batch (1 or absent: constant). */
  finalLrRatio?: number;
  /** The calendar slot (season) of the term predicted, as another LSTM input. Older runs: false. */
  termFeatures?: boolean;
  /** The output layer starts uniform in ±1/sqrt(units), kernel and bias (PyTorch's default); else Glorot and zeros. Training only. */
  fanInInit?: boolean;
  /**
   * Early stopping: after each epoch, recall@10 on a validation slice of students (their newest
   * term of the test term's season before it, held out of training); training stops after this
   * many epochs without a new best and keeps the best epoch's weights. 0 or absent: off.
   */
  patience?: number;
  /**
   * Training only: the loss's softmax over each batch's target courses plus this many sampled
   * negatives, log-Q corrected (lib/ml/rnn/sampled-columns.ts); 0 = the full softmax; absent = 1,024
   * from 4,096 courses up, else 0. Evaluation and inference always use the full softmax.
   */
  sampledSoftmax?: number;
  /**
   * Training only, two threads: the worker computes its share of each batch on the weights before
   * the previous batch's update, so it works while the main thread runs Adam (one step stale).
   */
  staleWorker?: boolean;
  /** A learned vector per major (or none) and term of career (MajorAtTerm) as another LSTM input. Older runs: false. */
  majorTerm?: boolean;
  /** Label smoothing: each next-term target keeps 1 − ε of its mass and spreads ε over all courses. 0 or absent: none. Training only. */
  labelSmoothing?: number;
  /** "term" or absent: a term's k courses weigh 1/k each in the target (every term weighs 1); "course": each weighs 1. Training only. */
  targetWeighting?: "term" | "course";
};

// Chosen on the demo corpus, with and without majors (docs/rnn-levers.md): up to 12 epochs with
// early stopping, Adam 4e-3 and label smoothing 0.3. Batch 64 and Adam 8e-3 learn more in 2 epochs
// (the demo uses them) but not over 12; bench:rnn's one epoch against PyTorch uses 8e-3 too.
export const DEFAULT_RNN: RnnParams = {
  units: 128,
  layers: 1,
  embedding: 128,
  dropout: 0.2,
  epochs: 12,
  patience: 2,
  batchSize: 128,
  learningRate: 4e-3,
  seed: 42,
  threads: 0,
  termFeatures: true,
  finalLrRatio: 0.1,
  fanInInit: true,
  labelSmoothing: 0.3,
};
