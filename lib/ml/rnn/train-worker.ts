/**
 * The second thread of LSTM training: a replica of the model on its own TF.js backend that answers
 * "gradients of these sequences at these weights" (batchGradients). Started by trainRnn through
 * lib/ml/worker.ts.
 */
import { selectBackend, tf } from "../backend";
import { serveRequests } from "../worker";
import { batchGradients } from "./gradients";
import { buildRnn } from "./model";
import type { RnnReply, RnnRequest } from "./train-protocol";
import { flattenTensors, unflattenTensors } from "./weights";

let replica: { model: tf.LayersModel; M: number; smoothing: number } | null = null;

serveRequests<RnnRequest>(async (msg) => {
  if (msg.type === "init") {
    await selectBackend(msg.backend, () => {});
    const model = buildRnn(msg.V, msg.M, msg.params, { forLoading: true });
    replica = { model, M: msg.M, smoothing: msg.params.labelSmoothing ?? 0 };
    return { reply: { type: "ready" } satisfies RnnReply };
  }
  const { model, M, smoothing } = replica!;
  const vars = model.trainableWeights;
  const weights = unflattenTensors(
    msg.weights,
    vars.map((w) => w.shape as number[]),
  );
  vars.forEach((w, i) => w.write(weights[i]!));
  tf.dispose(weights);
  const g = batchGradients(model, msg.seqs, M, msg.denominator, smoothing);
  const reply: RnnReply = { type: "grads", grads: flattenTensors(g.grads), loss: g.loss.dataSync()[0]! };
  tf.dispose([g.loss, ...g.grads]);
  return { reply, transfer: [reply.grads.buffer as ArrayBuffer] };
});
