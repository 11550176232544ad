/**
 * The second thread of LSTM training: a replica of the model on its own TF.js backend that answers
 * "gradients of these sequences at the weights in the shared buffer" (batchGradients), written
 * into the other shared buffer. Started by trainRnn through lib/ml/worker.ts.
 */
import { selectBackend, tf } from "../backend";
import { serveRequests } from "../worker";
import { batchGradients } from "./gradients";
import { buildRnn } from "./model";
import type { RnnReply, RnnRequest } from "./train-protocol";
import { copyTensorsInto, unflattenTensors } from "./weights";

let replica: {
  model: tf.LayersModel;
  M: number;
  weights: Float32Array;
  grads: Float32Array;
  smoothing: number;
} | null = null;

serveRequests<RnnRequest>(async (msg) => {
  if (msg.type === "init") {
    await selectBackend(msg.backend, () => {});
    const model = buildRnn(msg.V, msg.M, msg.params, { forLoading: true });
    replica = {
      model,
      M: msg.M,
      weights: msg.weights,
      grads: msg.grads,
      smoothing: msg.params.labelSmoothing ?? 0,
    };
    return { reply: { type: "ready" } satisfies RnnReply };
  }
  const { model, M, weights, grads, smoothing } = replica!;
  const vars = model.trainableWeights;
  const current = unflattenTensors(
    weights,
    vars.map((w) => w.shape as number[]),
  );
  vars.forEach((w, i) => w.write(current[i]!));
  tf.dispose(current);
  const g = batchGradients(model, msg.seqs, M, msg.denominator, msg.sample, smoothing);
  try {
    copyTensorsInto(g.grads, grads);
    return { reply: { type: "grads", loss: g.loss.dataSync()[0]! } satisfies RnnReply };
  } finally {
    tf.dispose([g.loss, ...g.grads]);
  }
});
