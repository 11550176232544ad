/**
 * The LSTM's inference side, the only part of lib/ml/rnn the web tier loads: rebuild a stored
 * model and score next terms. It must not reach training code or worker threads (checked by
 * tests/unit/ml/boundaries.test.ts).
 */
import { tf } from "../backend";
import { makeInputs, modelInputs, type Sequence } from "../sequences";
import { buildRnn } from "./model";
import type { RnnParams } from "./params";
import { loadWeights } from "./weights";

export type { RnnParams } from "./params";

/**
 * A stored model: built for V courses and M majors (at least 1, as in training) with the run's
 * params, then given its weights as serializeWeights wrote them.
 */
export function restoreRnn(
  V: number,
  M: number,
  params: RnnParams,
  weights: { data: Uint8Array; shapes: number[][] },
): tf.LayersModel {
  const model = buildRnn(V, M, params, { forLoading: true });
  try {
    loadWeights(model, weights.data, weights.shapes);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Next-term scores (softmax probabilities) after each history's last term: [histories][V]. */
export function predictNext(
  model: tf.LayersModel,
  histories: Sequence[],
  V: number,
  M: number,
): Float32Array[] {
  const out: Float32Array[] = [];
  for (let s = 0; s < histories.length; s += 256) {
    const chunk = histories.slice(s, s + 256);
    const inputs = makeInputs(chunk, Math.max(1, M));
    const probs = tf.tidy(() => {
      const logits = model.predict(modelInputs(model, inputs)) as tf.Tensor3D; // [b, T, V]
      const idx = tf.tensor2d(
        inputs.lastStep.map((t, b) => [b, t]),
        [chunk.length, 2],
        "int32",
      ); // [b, 2] (history, its last step)
      return tf.softmax(tf.gatherND(logits, idx) as tf.Tensor2D); // [b, V]
    });
    const data = probs.dataSync() as Float32Array;
    probs.dispose();
    tf.dispose([inputs.x.idx, inputs.x.w, inputs.m, inputs.slot]);
    for (let b = 0; b < chunk.length; b++) out.push(data.slice(b * V, (b + 1) * V));
  }
  return out;
}

type Trunk = { trunk: tf.LayersModel; kernel: tf.Tensor2D; bias: tf.Tensor1D };
const trunks = new WeakMap<tf.LayersModel, Trunk>();

/** The model up to the output layer's input (the last LSTM or dropout), and the output layer's weights. */
function trunkOf(model: tf.LayersModel): Trunk {
  let t = trunks.get(model);
  if (!t) {
    const out = model.getLayer("next_term");
    const [kernel, bias] = out.getWeights() as [tf.Tensor2D, tf.Tensor1D];
    t = { trunk: tf.model({ inputs: model.inputs, outputs: out.input }), kernel, bias };
    trunks.set(model, t);
  }
  return t;
}

/**
 * The logits after each history's last term, [histories, V], with the output layer computed at the
 * last step only: the LSTM runs over every term, but the V-wide product h · kernel + bias, which
 * predictNext computes at all T steps and then mostly discards, is one [histories, units] × [units, V]
 * product. For a 40-term history that is 40× less output work. At most 256 histories.
 */
export function lastStepLogits(model: tf.LayersModel, histories: Sequence[], M: number): tf.Tensor2D {
  tf.util.assert(histories.length <= 256, () => "at most 256 histories at a time");
  const { trunk, kernel, bias } = trunkOf(model);
  const inputs = makeInputs(histories, Math.max(1, M));
  try {
    return tf.tidy((): tf.Tensor2D => {
      // One pass for all histories: predict's default batch size (32) would cut 256 histories into
      // 8 passes of every LSTM step (docs/web-tier.md, "Recommendations in batches").
      const h = trunk.predict(modelInputs(model, inputs), {
        batchSize: histories.length,
      }) as tf.Tensor3D; // [b, T, units]
      const idx = tf.tensor2d(
        inputs.lastStep.map((t, b) => [b, t]),
        [histories.length, 2],
        "int32",
      );
      const last = tf.gatherND(h, idx) as tf.Tensor2D; // [b, units]
      return tf.fused.matMul({ a: last, b: kernel, bias }) as tf.Tensor2D;
    });
  } finally {
    tf.dispose([inputs.x.idx, inputs.x.w, inputs.m, inputs.slot]);
  }
}

/** predictNext's scores (softmax after each history's last term, [histories][V]), from lastStepLogits. */
export function predictNextLastStep(model: tf.LayersModel, histories: Sequence[], M: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let s = 0; s < histories.length; s += 256) {
    const chunk = histories.slice(s, s + 256);
    const probs = tf.tidy(() => tf.softmax(lastStepLogits(model, chunk, M)));
    const data = probs.dataSync() as Float32Array;
    const V = probs.shape[1];
    probs.dispose();
    for (let b = 0; b < chunk.length; b++) out.push(data.slice(b * V, (b + 1) * V));
  }
  return out;
}
