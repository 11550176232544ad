import { tf } from "../backend";
import { disposeBatch, makeBatch, modelInputs, type Sequence } from "../sequences";
import { nextTermLoss } from "./loss";

/**
 * The loss of a batch (or of the part of it in `seqs`: then `denominator` is the whole batch's
 * target steps, so the parts' losses and gradients simply add up to the batch's) and its gradients,
 * in `model.trainableWeights` order: tensors the caller disposes. Used by trainRnn on the main
 * thread and by its worker (train-worker.ts).
 */
export function batchGradients(
  model: tf.LayersModel,
  seqs: Sequence[],
  M: number,
  denominator?: number,
): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const batch = makeBatch(seqs, Math.max(1, M));
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(
    () =>
      nextTermLoss(
        model.apply(modelInputs(model, batch), { training: true }) as tf.Tensor3D, // [B, T, V]
        batch.targets,
        batch.mask,
        denominator,
      ),
    vars,
  );
  disposeBatch(batch);
  return { loss: value, grads: vars.map((v) => grads[v.name]!) };
}
