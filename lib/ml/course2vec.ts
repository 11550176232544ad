import { tf } from "./backend";
import { createRng } from "../random";
import { countCooccurrences, countTokens, negativeDistribution } from "./pairs";

export type Course2VecParams = {
  dim: number;
  window: number;
  negatives: number;
  subsample: number;
  steps: number;
  learningRate: number;
  shuffles: number;
  blockRows: number;
  seed: number;
};

export const DEFAULT_COURSE2VEC: Course2VecParams = {
  dim: 128,
  window: 10,
  negatives: 5,
  subsample: 1e-3,
  steps: 150,
  learningRate: 0.07,
  shuffles: 4,
  blockRows: 1024,
  seed: 42,
};

export type Course2VecResult = { vectors: Float32Array; dim: number; losses: number[]; countMs: number; trainMs: number };

/**
 * Skip-gram with negative sampling, trained on aggregated counts (PERF_NOTES): the co-occurrence
 * matrix P[i, j] (expected positive updates of pair i→j per epoch) and the expected negatives
 * N[i, j] = k · rowSum(P)[i] · q[j] (q = unigram^0.75) give the exact expected SGNS loss
 *   L = Σ P ⊙ softplus(−W Cᵀ) + N ⊙ softplus(W Cᵀ)
 * which full-batch Adam minimises with hand-written gradients in row blocks, so every matMul runs
 * untransposed (the fast path on wasm) and memory stays at a few [blockRows, V] matrices.
 * `sentences[s][t]` is student s's term t as vocabulary indices.
 */
export async function trainCourse2Vec(
  sentences: number[][][],
  vocabSize: number,
  params: Course2VecParams,
  onStep?: (step: number, loss: number) => void,
): Promise<Course2VecResult> {
  const rng = createRng(params.seed);
  const t0 = performance.now();
  const tokens = countTokens(sentences, vocabSize);
  const counts = countCooccurrences(sentences, vocabSize, tokens, params, rng);
  const q = negativeDistribution(tokens);
  const countMs = performance.now() - t0;

  const V = vocabSize;
  const d = params.dim;
  const rowSums = new Float32Array(V);
  let total = 0;
  for (let i = 0; i < V; i++) {
    let s = 0;
    for (let j = 0; j < V; j++) s += counts[i * V + j]!;
    rowSums[i] = s;
    total += s;
  }
  const norm = 1 / Math.max(1, total * (1 + params.negatives));
  // Only P lives on the backend between steps; N = k · rowSum ⊗ q is rebuilt per block (one cheap
  // outer product), which halves the resident memory at Berkeley's V ≈ 9k (V² floats = 340 MB).
  const blocks: { start: number; rows: number; pos: tf.Tensor2D; rowSum: tf.Tensor2D }[] = [];
  const qT = tf.tensor2d(Float32Array.from(q), [1, V]); // [1, V]
  for (let start = 0; start < V; start += params.blockRows) {
    const rows = Math.min(params.blockRows, V - start);
    const pos = tf.tensor2d(counts.subarray(start * V, (start + rows) * V), [rows, V]); // [rows, V]
    const rowSum = tf.tensor2d(rowSums.subarray(start, start + rows).map((x) => x * params.negatives), [rows, 1]); // [rows, 1]
    blocks.push({ start, rows, pos, rowSum });
  }

  // word2vec's initialisation: input vectors small uniform, output vectors zero.
  const initRng = createRng(params.seed + 1);
  const w0 = Float32Array.from({ length: V * d }, () => (initRng.next() - 0.5) / d);
  const W = tf.tidy(() => tf.variable(tf.tensor2d(w0, [V, d]))); // [V, d] course vectors (W_xh)
  const C = tf.tidy(() => tf.variable(tf.zeros([V, d]))); // [V, d] context vectors (W_hoᵀ)
  const adam = createAdam([W, C], params.learningRate);
  const losses: number[] = [];
  const t1 = performance.now();
  for (let step = 0; step < params.steps; step++) {
    // Each block's temporaries ([rows, V] several times over) are freed before the next block.
    const Ct = tf.tidy(() => C.transpose() as tf.Tensor2D); // [d, V] = W_ho, materialised so the matMul is untransposed
    const gW: tf.Tensor2D[] = [];
    let gC: tf.Tensor2D = tf.zeros([V, d]);
    let lossT: tf.Scalar = tf.scalar(0);
    for (const b of blocks) {
      const [gWb, gCNext, lossNext] = tf.tidy(() => {
        const Wb = W.slice([b.start, 0], [b.rows, d]); // [rows, d]
        const S = contextLogits(Wb, Ct); // [rows, V]: hidden vectors of this block's courses against every context
        const N = tf.matMul(b.rowSum, qT); // [rows, V] expected negatives
        const sig = tf.sigmoid(S);
        // dL/dS = −P ⊙ σ(−S) + N ⊙ σ(S) = N ⊙ σ(S) − P ⊙ (1 − σ(S))
        const G = N.mul(sig).sub(b.pos.mul(tf.scalar(1).sub(sig))).mul(norm); // [rows, V]
        const blockLoss = b.pos.mul(tf.softplus(S.neg())).add(N.mul(tf.softplus(S))).sum();
        return [tf.matMul(G, C) as tf.Tensor2D, gC.add(tf.matMul(G.transpose(), Wb)) as tf.Tensor2D, lossT.add(blockLoss) as tf.Scalar]; // [rows, d], [V, d]
      });
      gW.push(gWb);
      gC.dispose();
      lossT.dispose();
      gC = gCNext;
      lossT = lossNext;
    }
    tf.tidy(() => adam.apply([tf.concat(gW, 0), gC]));
    tf.dispose([...gW, gC, Ct]);
    const scaled = lossT.mul(norm);
    lossT.dispose();
    lossT = scaled as tf.Scalar;
    const loss = (lossT as tf.Scalar).dataSync()[0]!;
    lossT.dispose();
    losses.push(loss);
    onStep?.(step + 1, loss);
    // Yield to the event loop between steps, so signals (Ctrl-C) are handled mid-training.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const vectors = W.dataSync().slice() as Float32Array;
  const trainMs = performance.now() - t1;
  for (const b of blocks) b.pos.dispose(), b.rowSum.dispose();
  qT.dispose();
  adam.dispose();
  W.dispose();
  C.dispose();
  return { vectors, dim: d, losses, countMs, trainMs };
}

/**
 * The skip-gram network of the class notes: a one-hot course x [n, V] selects its row of W_xh
 * (the hidden layer h = x·W_xh is the course vector, [n, d]), the output layer scores every context
 * o = h·W_ho ([n, V']), and sigmoid(o) is the probability that a context is real (negative sampling).
 */
export function skipGramForward(x: tf.Tensor2D, wxh: tf.Tensor2D, who: tf.Tensor2D): { h: tf.Tensor2D; o: tf.Tensor2D; p: tf.Tensor2D } {
  const h = tf.matMul(x, wxh) as tf.Tensor2D; // [n, d]
  const o = contextLogits(h, who); // [n, V']
  return { h, o, p: tf.sigmoid(o) as tf.Tensor2D };
}

/** Scores of every context for hidden vectors h [n, d] against W_ho = Cᵀ [d, V]: [n, V]. */
export function contextLogits(h: tf.Tensor2D, who: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(h, who) as tf.Tensor2D;
}

/** Adam on a list of variables, as plain tensor ops (one fused update, no tf.train machinery). */
export function createAdam(vars: tf.Variable[], lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) {
  const m = vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v))));
  const s = vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v))));
  let t = 0;
  return {
    apply(grads: tf.Tensor[]) {
      t++;
      const c1 = 1 - Math.pow(beta1, t);
      const c2 = 1 - Math.pow(beta2, t);
      tf.tidy(() => {
        vars.forEach((v, i) => {
          const g = grads[i]!;
          m[i]!.assign(m[i]!.mul(beta1).add(g.mul(1 - beta1)));
          s[i]!.assign(s[i]!.mul(beta2).add(g.square().mul(1 - beta2)));
          v.assign(v.sub(m[i]!.div(c1).div(s[i]!.div(c2).sqrt().add(eps)).mul(lr)));
        });
      });
    },
    dispose() {
      for (const x of [...m, ...s]) x.dispose();
    },
  };
}
