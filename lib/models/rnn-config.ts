import type { RunParams } from "./run-schemas";

/**
 * A run's LSTM configuration in a few words, for the model report and `evaluate`: what a reader
 * needs to tell the runs apart beside their baselines (the full params are stored with the run).
 */
export function describeRnnConfig(p: RunParams<"rnn">): string {
  const inputs = [
    "courses",
    "majors",
    ...(p.termFeatures ? ["season of the next term"] : []),
    ...(p.historyBag ? ["courses taken so far"] : []),
  ];
  return (
    `${p.layers} × ${p.units}-unit LSTM, ${p.embedding}-d embedding${p.initFromCourse2vec ? " from course2vec" : ""}; ` +
    `inputs: ${inputs.join(", ")}; ${p.epochs} epochs, batch ${p.batchSize}, Adam ${p.learningRate}${p.finalLrRatio !== undefined && p.finalLrRatio < 1 ? ` decaying to ${p.finalLrRatio}×` : ""}, dropout ${p.dropout}`
  );
}
