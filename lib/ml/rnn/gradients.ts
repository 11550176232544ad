import { tf } from "../backend";
import { disposeBatch, makeBatch, modelInputs, type Sequence } from "../sequences";
import { nextTermHeadLoss } from "./loss";
import type { ColumnSample } from "./sampled-columns";
import { disposeSample, makeSampleTensors, sampledHeadLoss, type SampleTensors } from "./sampled-loss";

type Split = { trunk: tf.LayersModel; head: tf.layers.Layer };
const splits = new WeakMap<tf.LayersModel, Split>();

/** The model up to the output layer's input (sharing its layers), and the output layer. */
function splitModel(model: tf.LayersModel): Split {
  let s = splits.get(model);
  if (!s) {
    const head = model.getLayer("next_term");
    s = { trunk: tf.model({ inputs: model.inputs, outputs: head.input }), head };
    splits.set(model, s);
  }
  return s;
}

/**
 * The loss of a batch (or of the part of it in `seqs`: then `denominator` is the whole batch's
 * target steps, so the parts' losses and gradients simply add up to the batch's) and its gradients,
 * in `model.trainableWeights` order: tensors the caller disposes. Used by trainRnn on the main
 * thread and by its worker (train-worker.ts). The output layer and the loss run as one op
 * (nextTermHeadLoss), the same function as the model's output followed by nextTermLoss; with a
 * `sample`, the softmax is over its columns only (sampledHeadLoss).
 */
export function batchGradients(
  model: tf.LayersModel,
  seqs: Sequence[],
  M: number,
  denominator?: number,
  sample?: ColumnSample,
  labelSmoothing = 0,
): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const batch = makeBatch(seqs, Math.max(1, M));
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { trunk, head } = splitModel(model);
  const [kernel, bias] = head.trainableWeights.map((w) => w.read()) as [tf.Tensor2D, tf.Tensor1D];
  const kept: tf.Tensor[] = [];
  let sampled: SampleTensors | null = null;
  try {
    sampled = sample ? makeSampleTensors(sample, batch.targets, kernel.shape[1]) : null;
    const { value, grads } = tf.variableGrads(() => {
      const h = trunk.apply(modelInputs(model, batch), { training: true }) as tf.Tensor3D; // [B, T, units]
      // The sampled loss has no uniform term: label smoothing applies to the full softmax only (train.ts).
      return sampled
        ? sampledHeadLoss(h, kernel, bias, sampled, batch.mask, kept, denominator)
        : nextTermHeadLoss(h, kernel, bias, batch.targets, batch.mask, kept, denominator, labelSmoothing);
    }, vars);
    return { loss: value, grads: vars.map((v) => grads[v.name]!) };
  } finally {
    tf.dispose(kept);
    if (sampled) disposeSample(sampled);
    disposeBatch(batch);
  }
}
