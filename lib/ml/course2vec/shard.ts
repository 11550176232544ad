import { tf } from "../backend";

/**
 * What one shard of the expected-SGNS gradient needs: rows [start, start + rows) of the aggregated
 * co-occurrence matrix P (restricted to the K contexts trained against), k · rowSum(P) for those
 * rows, the negative distribution q on those contexts and the loss scale.
 */
export type ShardData = {
  V: number;
  dim: number;
  start: number;
  rows: number;
  blockRows: number;
  pos: Float32Array; // [rows, K] row-major
  negRowSums: Float32Array; // [rows] k · rowSum(P)
  q: Float32Array; // [K]
  norm: number;
};

/**
 * A contiguous band of rows of the full-batch SGNS objective, held on the backend as two [rows, K]
 * matrices per block, M = norm · (N + P) and Pn = norm · P (N = k · rowSum ⊗ q), so that
 *   dL/dS = σ(S) ⊙ M − Pn            (three elementwise passes)
 *   L     = Σ M ⊙ softplus(S) − Pn ⊙ S  (softplus(−S) = softplus(S) − S)
 * for the block's logits S = W_b Cᵀ. The trainer splits the rows between the main thread and a
 * worker thread (each with its own wasm instance, which is single-threaded) and sums the parts.
 */
export class GradientShard {
  private readonly blocks: { start: number; rows: number; M: tf.Tensor2D; Pn: tf.Tensor2D }[] = [];

  /** Courses (rows of W) and contexts (rows of C). */
  readonly V: number;
  readonly contexts: number;
  readonly dim: number;

  /** The matrices are copied to the backend; `data`'s arrays are not kept (hundreds of MB at Berkeley scale). */
  constructor(data: ShardData) {
    const { V, start, rows, blockRows, pos, negRowSums, q, norm } = data;
    this.V = V;
    const K = (this.contexts = q.length);
    this.dim = data.dim;
    const qT = tf.tensor2d(q, [1, K]);
    for (let off = 0; off < rows; off += blockRows) {
      const n = Math.min(blockRows, rows - off);
      const [M, Pn] = tf.tidy(() => {
        const Pn = tf.tensor2d(pos.subarray(off * K, (off + n) * K), [n, K]).mul<tf.Tensor2D>(norm);
        const N = tf
          .tensor2d(negRowSums.subarray(off, off + n), [n, 1])
          .mul(qT)
          .mul(norm);
        return [N.add<tf.Tensor2D>(Pn), Pn];
      });
      this.blocks.push({ start: start + off, rows: n, M, Pn });
    }
    qT.dispose();
  }

  /**
   * The gradient with respect to this band's rows of W ([rows, d]) and its contribution to the
   * gradient of C ([K, d]), and the band's part of the loss when asked (softplus is the slowest
   * kernel here, so the trainer asks only every few steps).
   */
  gradient(
    W: tf.Tensor2D,
    C: tf.Tensor2D,
    withLoss: boolean,
  ): { gW: tf.Tensor2D; gC: tf.Tensor2D; loss: tf.Scalar | null } {
    const d = this.dim;
    const Ct = tf.tidy(() => C.transpose<tf.Tensor2D>()); // [d, K] = W_ho, materialised so the matMul is untransposed
    const gW: tf.Tensor2D[] = [];
    // C's gradient is accumulated transposed, gCᵀ = Σ W_bᵀ G_b ([d, K]): transposing the small
    // [rows, d] W_b and the [d, K] sum costs far less than transposing each [rows, K] G_b, which
    // took about a quarter of a step (docs/tfjs-wasm.md, fact 15).
    let gCt: tf.Tensor2D = tf.zeros([d, this.contexts]);
    let loss: tf.Scalar | null = withLoss ? tf.scalar(0) : null;
    for (const b of this.blocks) {
      const [gWb, gCtNext, lossNext] = tf.tidy((): tf.Tensor[] => {
        const Wb = W.slice([b.start, 0], [b.rows, d]); // [rows, d]
        // [rows, K] logits of this block's courses against every context; without the loss only
        // σ(S) is needed, which the fused product gives in one kernel.
        const S = loss ? tf.matMul(Wb, Ct) : null;
        const sig = S ? tf.sigmoid(S) : tf.fused.matMul({ a: Wb, b: Ct, activation: "sigmoid" });
        const G = sig.mul(b.M).sub<tf.Tensor2D>(b.Pn); // [rows, K] dL/dS
        const out = [tf.matMul(G, C), gCt.add(tf.matMul(Wb.transpose(), G))];
        if (loss && S) out.push(loss.add(b.M.mul(tf.softplus(S)).sub(b.Pn.mul(S)).sum()));
        return out;
      }) as [tf.Tensor2D, tf.Tensor2D, tf.Scalar?];
      gW.push(gWb);
      gCt.dispose();
      gCt = gCtNext;
      loss?.dispose();
      loss = lossNext ?? null;
    }
    const gWAll = gW.length === 1 ? gW[0]! : tf.concat(gW, 0);
    if (gW.length > 1) tf.dispose(gW);
    const gC = tf.tidy(() => gCt.transpose<tf.Tensor2D>());
    tf.dispose([Ct, gCt]);
    return { gW: gWAll, gC, loss };
  }

  dispose(): void {
    for (const b of this.blocks) {
      b.M.dispose();
      b.Pn.dispose();
    }
  }
}
