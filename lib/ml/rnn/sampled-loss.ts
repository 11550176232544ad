import { tf } from "../backend";
import type { Targets } from "../sequences";
import { lossScale, targetLoss } from "./loss";
import type { ColumnSample } from "./sampled-columns";

/** A ColumnSample as tensors, with the batch's targets renumbered to their column in it. */
export type SampleTensors = {
  cols: tf.Tensor2D; // [C, 1] int32: the course of each column
  correction: tf.Tensor1D; // [C] subtracted from each column's logit
  targets: Targets; // idx [n, 2] = (row, column in `cols`), the batch's weights
};

/**
 * The sample's tensors for a batch whose targets are all among its columns (createColumnSampler
 * puts them there). Made outside the op's gradient scope: the engine disposes what the forward
 * pass makes before the backward pass runs. The caller disposes them (disposeSample).
 */
export function makeSampleTensors(sample: ColumnSample, targets: Targets, V: number): SampleTensors {
  return tf.tidy(() => {
    const n = targets.w.shape[0];
    const position = new Int32Array(V).fill(-1);
    sample.cols.forEach((c, i) => (position[c] = i));
    const cols = tf.tensor2d(sample.cols, [sample.cols.length, 1], "int32");
    const correction = tf.tensor1d(sample.correction);
    if (n === 0) return { cols, correction, targets: { idx: targets.idx.clone(), w: targets.w.clone() } };
    const rowOf = targets.idx.slice([0, 0], [n, 1]);
    const colOf = tf.gatherND(tf.tensor2d(position, [V, 1], "int32"), targets.idx.slice([0, 1], [n, 1]));
    const idx = tf.concat([rowOf, colOf.reshape([n, 1])], 1) as tf.Tensor2D;
    return { cols, correction, targets: { idx, w: targets.w.clone() } };
  });
}

export function disposeSample(s: SampleTensors): void {
  tf.dispose([s.cols, s.correction, s.targets.idx, s.targets.w]);
}

/**
 * nextTermHeadLoss (loss.ts) with the softmax over the sampled columns only: logits
 * z = h · kernel[:, cols] + bias[cols] − correction, loss −Σ w log softmax(z) at the targets / steps,
 * the same gradients written out for the C columns (d z = r · (p − Y), r = mask · dy / steps):
 *   d kernel[:, cols] = (r · h)ᵀ p − Σ_targets r w h e_col,   d bias[cols] likewise with 1 for h,
 *   d h = r · (p kernel[:, cols]ᵀ) − Σ_targets r w kernel[:, col]ᵀ at the target's row,
 * and zero for every column not drawn. The three products are [rows, U] × [U, C] and two with p
 * [rows, C] instead of [rows, V]. The column gradients ([C, U + 1]) are scattered into [V, U] and
 * [V] and the kernel's transposed once, which costs V · U, not rows · V. With every course a column and no
 * correction this is nextTermHeadLoss exactly. `keep` receives p and the gathered kernel, which the
 * gradient reads: the caller disposes them after the backward pass (fact 16 of docs/tfjs-wasm.md).
 */
export function sampledHeadLoss(
  h: tf.Tensor3D, // [B, T, U] the output layer's input
  kernel: tf.Tensor2D, // [U, V]
  bias: tf.Tensor1D, // [V]
  sample: SampleTensors,
  mask: tf.Tensor2D, // [B, T]
  keep: tf.Tensor[],
  denominator?: number,
): tf.Scalar {
  const [B, T, U] = h.shape;
  const V = kernel.shape[1];
  const C = sample.cols.shape[0];
  const rows = B * T;
  const { cols, correction, targets } = sample;
  const n = targets.w.shape[0];
  const { steps, maskCol } = lossScale(mask, denominator);
  const head = tf.customGrad(((x: tf.Tensor, k: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    // Rows of kernelᵀ gather fast on wasm; columns do not (docs/tfjs-wasm.md, fact 3).
    const kc = tf.keep(tf.gatherND(k.transpose(), cols)) as tf.Tensor2D; // [C, U]
    const bc = tf.gatherND(b, cols).sub(correction); // [C]
    const p = tf.keep(tf.softmax(tf.fused.matMul({ a: x, b: kc.transpose(), bias: bc })));
    keep.push(kc, p);
    save([x, steps, maskCol]);
    const value = targetLoss(p, targets, steps);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [x, steps, maskCol]: tf.Tensor[]) => {
        const r = maskCol!.mul(dy.div(steps!)); // [rows, 1]
        let g = tf.matMul(tf.concat([x!.mul(r), r], 1).transpose(), p).transpose(); // [C, U + 1]
        let dx = tf.matMul(p, kc).mul(r); // [rows, U]
        if (n > 0) {
          const rowOf = targets.idx.slice([0, 0], [n, 1]); // [n, 1]
          const colOf = targets.idx.slice([0, 1], [n, 1]); // [n, 1]
          const coef = tf.gatherND(r, rowOf).mul(targets.w.reshape([n, 1])); // [n, 1] r w per target
          const atTargets = tf.concat([tf.gatherND(x!, rowOf).mul(coef), coef], 1); // [n, U + 1]
          g = g.sub(tf.scatterND(colOf, atTargets, [C, U + 1]));
          dx = dx.sub(tf.scatterND(rowOf, tf.gatherND(kc, colOf).mul(coef), [rows, U]));
        }
        // Sliced while small: slicing the [U + 1, V] result would copy V-wide rows twice.
        const dk = tf.scatterND(cols, g.slice([0, 0], [C, U]), [V, U]).transpose(); // [U, V]
        const db = tf.scatterND(cols, g.slice([0, U], [C, 1]).reshape([C]), [V]); // [V]
        return [dx, dk, db];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return head(h.reshape([rows, U]), kernel, bias) as tf.Scalar;
}
