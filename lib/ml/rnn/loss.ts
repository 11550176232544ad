import { tf } from "../backend";
import type { Targets } from "../sequences";

/**
 * Masked categorical cross-entropy against the normalised next-term sets, averaged over the steps
 * that have a next term: the reference model's −Σ y · log softmax(logits) (docs/background.md),
 * written as one op with its gradient (mask · softmax − y) / steps. Autodiff of logSoftmax on wasm
 * costs two V-wide `Exp` passes (tfjs-core's logSoftmax and its gradient; `Exp` runs ~6× slower
 * than XNNPACK's fused softmax kernel here) and a dense y; this needs one softmax, two row maxima
 * and a scatter of the sparse targets.
 * log p at a target is z − lse, with lse = max z − log max p (max p ≥ 1/V, so the log is safe).
 * Tensors the gradient needs go through `save`: the engine disposes the forward pass's
 * intermediates before the backward pass runs.
 */
export function nextTermLoss(
  logits: tf.Tensor3D, // [B, T, V]
  targets: Targets,
  mask: tf.Tensor2D, // [B, T]
  denominator?: number,
): tf.Scalar {
  const [B, T, V] = logits.shape;
  const rows = B * T;
  const n = targets.w.shape[0];
  // A part of a batch split across threads divides by the whole batch's steps (`denominator`).
  const steps = denominator === undefined ? mask.sum().maximum(1) : tf.scalar(Math.max(1, denominator));
  const maskCol = mask.reshape([rows, 1]);
  const rowOf = targets.idx.slice([0, 0], [n, 1]); // [n, 1] the row of each target
  const loss = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
    const p = tf.softmax(z as tf.Tensor2D); // [rows, V]
    save([p, steps, maskCol]);
    const lse = (z as tf.Tensor2D).max(-1).sub(p.max(-1).log()); // [rows]
    const value =
      n === 0
        ? tf.scalar(0)
        : targets.w
            .mul(tf.gatherND(lse, rowOf).sub(tf.gatherND(z, targets.idx)))
            .sum()
            .div(steps);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [p, steps, maskCol]: tf.Tensor[]) => {
        const scale = dy.div(steps!);
        const softPart = p!.mul(maskCol!.mul(scale)); // [rows, V]
        return n === 0 ? softPart : softPart.sub(tf.scatterND(targets.idx, targets.w.mul(scale), [rows, V]));
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return loss(logits.reshape([rows, V])) as tf.Scalar;
}
