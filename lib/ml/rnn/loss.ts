import { tf } from "../backend";
import type { Targets } from "../sequences";

/**
 * The loss's denominator (the batch's target steps: from the mask, or `denominator` for a part of
 * a batch split across threads) and the mask as a [rows, 1] column.
 */
export function lossScale(
  mask: tf.Tensor2D,
  denominator?: number,
): { steps: tf.Scalar; maskCol: tf.Tensor2D } {
  // Steps with a next term: the mask's non-zero entries (a step's mask is its target mass, 1 unless
  // the targets are weighted).
  const steps =
    denominator === undefined
      ? mask.greater(0).sum().maximum(1).cast("float32")
      : tf.scalar(Math.max(1, denominator));
  return { steps: steps as tf.Scalar, maskCol: mask.reshape([mask.size, 1]) };
}

/** −Σ w log p at the targets / steps, p floored at 1e-37 so that a ruled-out target costs a finite amount. */
export function targetLoss(p: tf.Tensor, targets: Targets, steps: tf.Scalar): tf.Scalar {
  if (targets.w.shape[0] === 0) return tf.scalar(0);
  return targets.w.mul(tf.gatherND(p, targets.idx).maximum(1e-37).log()).sum().neg().div(steps);
}

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
  const { steps, maskCol } = lossScale(mask, denominator);
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

/**
 * The output layer and nextTermLoss as one op: loss(softmax(h · kernel + bias)) with its gradients
 * for h, kernel and bias written out, for training (the same value and gradients as the layer
 * followed by nextTermLoss). With r = mask · dy / steps per row (a step's mask is its target mass:
 * 1 unless the targets are weighted), s = dy / steps and Y the sparse targets, the logits'
 * gradient is r · p − s · Y, so
 *   d kernel = (r · h)ᵀ p − Σ_targets s w hᵀ e_course,   d bias = rᵀ p − Σ_targets s w e_course,
 *   d h      = r · (p kernelᵀ) − Σ_targets s w kernelᵀ[course] at the target's row:
 * the V-wide work is the forward product, one softmax and two products with p; the targets' part
 * is sparse. Apart, the loss's gradient costs an extra V-wide pass each for the mask and scale,
 * the dense target matrix and its subtraction, and the engine's copy of the saved softmax (wasm's
 * Identity copies); d kernel and d bias come from one product with [r · h | r]ᵀ.
 * The value is −Σ w log p at the targets / steps (p floored at 1e-37, ~−85 in the log, so a
 * target the model rules out entirely costs a finite amount; the gradient is exact either way).
 * Label smoothing ε scales the targets by 1 − ε and adds ε · mask / V at every course: − (ε / V) r
 * at every logit, rank-one terms of the three gradients, and ε · mask · (lse − mean z) per row in
 * the value. `keep` receives the softmax, which the gradient reads: the caller disposes it after the
 * backward pass (copying it through `save` would cost a V-wide pass).
 */
export function nextTermHeadLoss(
  h: tf.Tensor3D, // [B, T, U] the output layer's input
  kernel: tf.Tensor2D, // [U, V]
  bias: tf.Tensor1D, // [V]
  targets: Targets,
  mask: tf.Tensor2D, // [B, T]
  keep: tf.Tensor[],
  denominator?: number,
  smoothing = 0, // label smoothing ε: each step's target becomes (1 − ε) · its courses + ε · its mass spread over all V
): tf.Scalar {
  const [B, T, U] = h.shape;
  const V = kernel.shape[1];
  const rows = B * T;
  const n = targets.w.shape[0];
  const { steps, maskCol } = lossScale(mask, denominator);
  const head = tf.customGrad(((x: tf.Tensor, k: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const z = tf.fused.matMul({ a: x, b: k, bias: b });
    const p = tf.keep(tf.softmax(z));
    keep.push(p);
    save([x, k, steps, maskCol]);
    // −Σ w log p at the targets; with smoothing ε, (1 − ε) of it plus ε · each row's −mean log p
    // (lse − mean z, lse = max z − log max p).
    const hit = targetLoss(p, targets, steps);
    const uniform = () =>
      z.max(-1).sub(p.max(-1).log()).sub(z.mean(-1)).reshape([rows, 1]).mul(maskCol).sum().div(steps);
    const value = smoothing > 0 ? hit.mul(1 - smoothing).add(uniform().mul(smoothing)) : hit;
    return {
      value,
      gradFunc: (dy: tf.Tensor, [x, k, steps, maskCol]: tf.Tensor[]) => {
        const r = maskCol!.mul(dy.div(steps!)); // [rows, 1]
        const kT = k!.transpose(); // [V, U]
        const both = tf.matMul(tf.concat([x!.mul(r), r], 1).transpose(), p); // [U + 1, V]
        let dk = both.slice([0, 0], [U, V]);
        let db = both.slice([U, 0], [1, V]).reshape([V]);
        let dx = tf.matMul(p, kT).mul(r); // [rows, U]
        if (smoothing > 0) {
          // −(ε / V) r at every logit: rank-one terms, no V-wide pass.
          const u = smoothing / V;
          dk = dk.sub(x!.mul(r).sum(0).reshape([U, 1]).mul(u));
          db = db.sub(r.sum().mul(u));
          dx = dx.sub(r.mul(k!.sum(1).reshape([1, U])).mul(u));
        }
        if (n > 0) {
          // Sliced here: tensors made in the forward pass are disposed before this runs.
          const rowOf = targets.idx.slice([0, 0], [n, 1]); // [n, 1]
          const courseOf = targets.idx.slice([0, 1], [n, 1]); // [n, 1]
          // dy w / steps per target (r holds the row's mass, which the targets' weights already sum to).
          const coef = targets.w.reshape([n, 1]).mul(dy.div(steps!).mul(1 - smoothing)); // [n, 1]
          dk = dk.sub(tf.scatterND(courseOf, tf.gatherND(x!, rowOf).mul(coef), [V, U]).transpose());
          db = db.sub(tf.scatterND(courseOf, coef.reshape([n]), [V]));
          dx = dx.sub(tf.scatterND(rowOf, tf.gatherND(kT, courseOf).mul(coef), [rows, U]));
        }
        return [dx, dk, db];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return head(h.reshape([rows, U]), kernel, bias) as tf.Scalar;
}
