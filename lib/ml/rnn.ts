import { tf } from "./backend";
import { bucketBatches, disposeBatch, makeBatch, makeInputs, type Sequence, type Targets } from "./sequences";
import { createRng } from "../random";

export type RnnParams = {
  units: number;
  layers: number;
  embedding: number;
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
};

export const DEFAULT_RNN: RnnParams = { units: 128, layers: 1, embedding: 128, dropout: 0.2, epochs: 6, batchSize: 128, learningRate: 2e-3, seed: 42 };

/**
 * Σ_k w[b, t, k] · kernel[idx[b, t, k]]: a term's courses summed from the embedding table, i.e. the
 * multi-hot × Dense product of the class notes without the V-wide multi-hot. tf.gather's gradient
 * needs UnsortedSegmentSum, which the wasm backend lacks (PERF_NOTES fact 3), so the gradient is
 * written out: scatterND adds every bag entry's share back into its row (duplicates sum).
 */
export function embeddingBag(kernel: tf.Tensor2D, idx: tf.Tensor3D, w: tf.Tensor3D): tf.Tensor3D {
  const at = idx.expandDims(-1) as tf.Tensor4D; // [B, T, K, 1]
  const weights = w.expandDims(-1); // [B, T, K, 1]
  const bag = tf.customGrad(((k: tf.Tensor, save: tf.GradSaveFunc) => {
    save([at, weights]); // kept for the backward pass (the forward scope's tensors are disposed before it)
    return {
      value: (tf.gatherND(k, at) as tf.Tensor4D).mul(weights).sum(2) as tf.Tensor3D, // [B, T, E]
      gradFunc: (dy: tf.Tensor, [at, weights]: tf.Tensor[]) => tf.scatterND(at!, dy.expandDims(2).mul(weights!), k.shape as [number, number]), // [V, E]
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return bag(kernel) as tf.Tensor3D;
}

type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** The embedding bag as a layer: one weight, the [V, E] table (the same shape a bias-free Dense kernel has). */
class EmbeddingBag extends tf.layers.Layer {
  static className = "EmbeddingBag";
  private kernel: ReturnType<tf.layers.Layer["addWeight"]> | null = null;

  constructor(private readonly config: { vocab: number; units: number; initializer: Initializer; name: string }) {
    super({ name: config.name });
  }

  override build(): void {
    this.kernel = this.addWeight("kernel", [this.config.vocab, this.config.units], "float32", this.config.initializer);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const idx = (inputShape as tf.Shape[])[0]!;
    return [idx[0]!, idx[1]!, this.config.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [idx, w] = inputs as [tf.Tensor3D, tf.Tensor3D];
    return embeddingBag(this.kernel!.read() as tf.Tensor2D, idx, w);
  }
}

/**
 * Dropout that draws a new mask at every training call, reproducibly: mask i comes from seed
 * `seed:i`. tf.layers.dropout given a `seed` passes that same seed to every call, so it drops the
 * same units in every batch of a shape (a fixed pruning, not dropout). Identity at inference.
 */
class SeededDropout extends tf.layers.Layer {
  static className = "SeededDropout";
  private calls = 0;

  constructor(private readonly config: { rate: number; seed: number; name: string }) {
    super({ name: config.name });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training) return x;
    return tf.dropout(x, this.config.rate, undefined, `${this.config.seed}:${this.calls++}`);
  }
}

/**
 * The enrollment-sequence model (Pardos, Fan & Jiang 2019) in the Keras style of the class notes:
 * courses of a term → embedding bag (the multi-hot × Dense product, computed from indices),
 * concatenated with the majors → LSTM → Dense logits over all V courses for the next term (softmax
 * in the loss). Inputs: course indices and weights [batch, terms, K] (see CourseBag), majors
 * [batch, terms, M].
 */
export function buildRnn(V: number, M: number, p: RnnParams, opts: { forLoading?: boolean } = {}): tf.LayersModel {
  tf.util.assert(V > 0 && M >= 0, () => "vocabulary must be non-empty");
  const courseIdx = tf.input({ shape: [null, null], dtype: "int32", name: "course_idx" }); // [batch, terms, K]
  const courseW = tf.input({ shape: [null, null], name: "course_w" }); // [batch, terms, K]
  const majors = tf.input({ shape: [null, Math.max(1, M)], name: "majors" }); // [batch, terms, M]
  const seed = p.seed;
  // Weights about to be replaced by stored ones need no (slow, orthogonal) random initialisation.
  const init = <T,>(make: () => T): T | ReturnType<typeof tf.initializers.zeros> => (opts.forLoading ? tf.initializers.zeros() : make());
  const embedded = new EmbeddingBag({ vocab: V, units: p.embedding, name: "course_embedding", initializer: init(() => tf.initializers.glorotUniform({ seed })) }).apply([courseIdx, courseW]) as tf.SymbolicTensor; // [batch, terms, E]
  let h = tf.layers.concatenate({ name: "with_majors" }).apply([embedded, majors]) as tf.SymbolicTensor;
  for (let l = 0; l < p.layers; l++) {
    h = tf.layers
      .lstm({ units: p.units, returnSequences: true, name: `lstm_${l + 1}`, kernelInitializer: init(() => tf.initializers.glorotUniform({ seed: seed + l + 1 })), recurrentInitializer: init(() => tf.initializers.orthogonal({ seed: seed + l + 11 })) })
      .apply(h) as tf.SymbolicTensor; // [batch, terms, units]
    if (p.dropout > 0) h = new SeededDropout({ rate: p.dropout, seed: seed + l, name: `dropout_${l + 1}` }).apply(h) as tf.SymbolicTensor;
  }
  const logits = tf.layers.dense({ units: V, name: "next_term", kernelInitializer: init(() => tf.initializers.glorotUniform({ seed: seed + 99 })) }).apply(h) as tf.SymbolicTensor; // [batch, terms, V]
  return tf.model({ inputs: [courseIdx, courseW, majors], outputs: logits, name: "next_term_lstm" });
}

/**
 * Masked categorical cross-entropy against the normalised next-term sets, averaged over the steps
 * that have a next term: the class notes' −Σ y · log softmax(logits), written as one op with its
 * gradient (mask · softmax − y) / steps. Autodiff of logSoftmax on wasm costs two V-wide `Exp` passes
 * (tfjs-core's logSoftmax and its gradient; `Exp` runs ~7× slower than XNNPACK's fused softmax kernel
 * here) and a dense y; this needs one softmax, two row maxima and a scatter of the sparse targets.
 * log p at a target is z − lse, with lse = max z − log max p (max p ≥ 1/V, so the log is safe).
 * Tensors the gradient needs go through `save`: the engine disposes the forward pass's
 * intermediates before the backward pass runs.
 */
export function nextTermLoss(logits: tf.Tensor3D, targets: Targets, mask: tf.Tensor2D): tf.Scalar {
  const [B, T, V] = logits.shape;
  const rows = B * T;
  const n = targets.w.shape[0];
  const steps = mask.sum().maximum(1);
  const maskCol = mask.reshape([rows, 1]);
  const rowOf = targets.idx.slice([0, 0], [n, 1]);
  const loss = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
    const p = tf.softmax(z as tf.Tensor2D);
    save([p, steps, maskCol]);
    const lse = (z as tf.Tensor2D).max(-1).sub(p.max(-1).log());
    const value = n === 0 ? tf.scalar(0) : targets.w.mul(tf.gatherND(lse, rowOf).sub(tf.gatherND(z, targets.idx))).sum().div(steps);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [p, steps, maskCol]: tf.Tensor[]) => {
        const scale = dy.div(steps!);
        const softPart = p!.mul(maskCol!.mul(scale));
        return n === 0 ? softPart : softPart.sub(tf.scatterND(targets.idx, targets.w.mul(scale), [rows, V]));
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return loss(logits.reshape([rows, V])) as tf.Scalar;
}

export type EpochReport = { epoch: number; loss: number; samples: number; seconds: number };

/**
 * Trains with Adam over bucketed batches; `onBatch` sees every batch's loss and can stop training
 * early by returning false (used for time-to-quality benchmarks).
 */
export async function trainRnn(
  model: tf.LayersModel,
  train: Sequence[],
  V: number,
  M: number,
  p: RnnParams,
  hooks: { onBatch?: (done: number, total: number, loss: number) => boolean | void; onEpoch?: (r: EpochReport) => Promise<boolean | void> | boolean | void } = {},
): Promise<EpochReport[]> {
  const rng = createRng(p.seed + 7);
  const optimizer = tf.train.adam(p.learningRate);
  const reports: EpochReport[] = [];
  const usable = train.filter((s) => s.terms.length >= 1);
  const perEpoch = Math.ceil(usable.length / p.batchSize);
  let stop = false;
  for (let epoch = 1; epoch <= p.epochs && !stop; epoch++) {
    const t0 = performance.now();
    let lossSum = 0;
    let batches = 0;
    for (const group of bucketBatches(usable, p.batchSize, rng.shuffle)) {
      const batch = makeBatch(group, Math.max(1, M));
      const loss = optimizer.minimize(() => {
        const logits = model.apply([batch.x.idx, batch.x.w, batch.m], { training: true }) as tf.Tensor3D;
        return nextTermLoss(logits, batch.targets, batch.mask);
      }, true) as tf.Scalar;
      const value = (await loss.data())[0]!;
      // On wasm data() resolves as a microtask: yield to the event loop so signals (Ctrl-C) and
      // I/O are handled between batches.
      await new Promise((resolve) => setImmediate(resolve));
      loss.dispose();
      disposeBatch(batch);
      lossSum += value;
      batches++;
      if (hooks.onBatch?.(batches + (epoch - 1) * perEpoch, perEpoch * p.epochs, value) === false) {
        stop = true;
        break;
      }
    }
    const report = { epoch, loss: lossSum / Math.max(1, batches), samples: usable.length, seconds: (performance.now() - t0) / 1000 };
    reports.push(report);
    if ((await hooks.onEpoch?.(report)) === false) stop = true;
  }
  optimizer.dispose();
  return reports;
}

/** Next-term scores (softmax probabilities) after each history's last term: [histories][V]. */
export function predictNext(model: tf.LayersModel, histories: Sequence[], V: number, M: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let s = 0; s < histories.length; s += 256) {
    const chunk = histories.slice(s, s + 256);
    const inputs = makeInputs(chunk, Math.max(1, M));
    const probs = tf.tidy(() => {
      const logits = model.predict([inputs.x.idx, inputs.x.w, inputs.m]) as tf.Tensor3D; // [b, T, V]
      const idx = tf.tensor2d(inputs.lastStep.map((t, b) => [b, t]), [chunk.length, 2], "int32");
      return tf.softmax(tf.gatherND(logits, idx) as tf.Tensor2D); // [b, V]
    });
    const data = probs.dataSync() as Float32Array;
    probs.dispose();
    tf.dispose([inputs.x.idx, inputs.x.w, inputs.m]);
    for (let b = 0; b < chunk.length; b++) out.push(data.slice(b * V, (b + 1) * V));
  }
  return out;
}

/** Flat weights plus shapes, for storing in the database (no files: the web tier reads the db). */
export function serializeWeights(model: tf.LayersModel): { data: Buffer; shapes: number[][] } {
  const weights = model.getWeights();
  const shapes = weights.map((w) => w.shape);
  const total = weights.reduce((n, w) => n + w.size, 0);
  const flat = new Float32Array(total);
  let offset = 0;
  for (const w of weights) {
    flat.set(w.dataSync() as Float32Array, offset);
    offset += w.size;
  }
  return { data: Buffer.from(flat.buffer), shapes };
}

export function loadWeights(model: tf.LayersModel, data: Uint8Array, shapes: number[][]): void {
  const flat = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  let offset = 0;
  const tensors = shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.subarray(offset, offset + size), shape);
    offset += size;
    return t;
  });
  if (offset !== flat.length) throw new Error(`stored weights hold ${flat.length} numbers, the model needs ${offset}`);
  model.setWeights(tensors);
  for (const t of tensors) t.dispose();
}
