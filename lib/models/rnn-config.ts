import type { RnnResults, RunParams } from "./run-schemas";

/**
 * A run's LSTM configuration in a few words, for the model report and `evaluate`: what a reader
 * needs to tell the runs apart beside their baselines (the full params are stored with the run),
 * and, for a run trained with early stopping, the epoch it kept.
 */
export function describeRnnConfig(p: RunParams<"rnn">, metrics?: RnnResults["metrics"]): string {
  const inputs = [
    "courses",
    "majors",
    ...(p.termFeatures ? ["season of the next term"] : []),
    ...(p.historyBag ? ["courses taken so far"] : []),
    ...(p.majorTerm ? ["major × term of career"] : []),
  ];
  const stop = metrics?.earlyStopping;
  const epochs = p.patience
    ? stop
      ? `up to ${p.epochs} epochs, early stopping (patience ${p.patience}) kept epoch ${stop.bestEpoch} of ${stop.epochsRun} (validation recall@10 ${stop.validationRecallAt10.toFixed(3)}, ${stop.validationStudents} students of ${stop.validationTerm})`
      : `up to ${p.epochs} epochs with early stopping (patience ${p.patience})`
    : `${p.epochs} epochs`;
  return (
    `${p.layers} × ${p.units}-unit LSTM, ${p.embedding}-d embedding${p.initFromCourse2vec ? " from course2vec" : ""}; ` +
    `inputs: ${inputs.join(", ")}; ${epochs}, batch ${p.batchSize}, Adam ${p.learningRate}${p.finalLrRatio !== undefined && p.finalLrRatio < 1 ? ` decaying to ${p.finalLrRatio}×` : ""}, dropout ${p.dropout}` +
    (metrics?.sampledSoftmax ? `, sampled softmax (${metrics.sampledSoftmax} negatives) in training` : "") +
    // The sampled loss has no uniform term: smoothing applies to the full softmax only.
    (p.labelSmoothing && !metrics?.sampledSoftmax ? `, label smoothing ${p.labelSmoothing}` : "") +
    (p.targetWeighting === "course" ? ", each next-term course weighs 1 in the loss" : "")
  );
}
