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
};

export const DEFAULT_RNN: RnnParams = {
  units: 128,
  layers: 1,
  embedding: 128,
  dropout: 0.2,
  epochs: 6,
  batchSize: 128,
  learningRate: 2e-3,
  seed: 42,
  threads: 0,
};
