import { tf, type BackendName } from "./backend";
import type { RnnReply, RnnRequest } from "./rnn-worker";
import { startTsWorker, trainingThreads, WorkerClient } from "./worker";
import {
  bucketBatches,
  disposeBatch,
  makeBatch,
  makeInputs,
  targetSteps,
  type Sequence,
  type Targets,
} from "./sequences";
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
  /** Threads computing each batch's gradient, each on part of the batch with its own TF.js backend; 0 = 2 on wasm for 512+ courses, else 1. */
  threads: number;
};

export const DEFAULT_RNN: RnnParams = {
  units: 128,
  layers: 1,
  embedding: 128,
  dropout: 0.2,
  epochs: 6,
  batchSize: 128,
  learningRate: 2e-3,
  seed: 42,
  threads: 0,
};

/** How many threads trainRnn uses for these parameters on the current backend (never more than 2: one worker). */
export function rnnThreads(p: Pick<RnnParams, "threads">, V: number): number {
  return Math.min(2, trainingThreads(p.threads, V));
}

/**
 * Σ_k w[b, t, k] · kernel[idx[b, t, k]]: a term's courses summed from the embedding table, i.e. the
 * multi-hot × Dense product of the class notes without the V-wide multi-hot. tf.gather's gradient
 * needs UnsortedSegmentSum, which the wasm backend lacks (PERF_NOTES fact 3), so the gradient is
 * written out: scatterND adds every bag entry's share back into its row (duplicates sum).
 */
export function embeddingBag(kernel: tf.Tensor2D, idx: tf.Tensor3D, w: tf.Tensor3D): tf.Tensor3D {
  const at = idx.expandDims<tf.Tensor4D>(-1); // [B, T, K, 1]
  const weights = w.expandDims(-1); // [B, T, K, 1]
  const bag = tf.customGrad(((k: tf.Tensor, save: tf.GradSaveFunc) => {
    save([at, weights]); // kept for the backward pass (the forward scope's tensors are disposed before it)
    return {
      value: (tf.gatherND(k, at) as tf.Tensor4D).mul(weights).sum<tf.Tensor3D>(2), // [B, T, E]
      gradFunc: (dy: tf.Tensor, [at, weights]: tf.Tensor[]) =>
        tf.scatterND(at!, dy.expandDims(2).mul(weights!), k.shape), // [V, E]
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return bag(kernel) as tf.Tensor3D;
}

type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** The embedding bag as a layer: one weight, the [V, E] table (the same shape a bias-free Dense kernel has). */
class EmbeddingBag extends tf.layers.Layer {
  static className = "EmbeddingBag";
  private kernel: ReturnType<tf.layers.Layer["addWeight"]> | null = null;

  constructor(
    private readonly config: { vocab: number; units: number; initializer: Initializer; name: string },
  ) {
    super({ name: config.name });
  }

  override build(): void {
    this.kernel = this.addWeight(
      "kernel",
      [this.config.vocab, this.config.units],
      "float32",
      this.config.initializer,
    );
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
 * The output layer, logits = h · kernel + bias over all V courses ([batch, terms, units] → [batch,
 * terms, V]): tf.layers.dense with a hand-written gradient. The bias gradient is a column sum of
 * the [rows, V] upstream gradient; wasm's Sum reduces only the last axis, so autodiff transposes
 * the whole matrix first (~70 ms a Berkeley-scale batch), while ones[1, rows] · dy takes ~2 ms.
 * Same weights (kernel [units, V], bias [V]) as the Dense layer it replaces, so stored runs load.
 */
class NextTermLogits extends tf.layers.Layer {
  static className = "NextTermLogits";
  private kernel: ReturnType<tf.layers.Layer["addWeight"]> | null = null;
  private bias: ReturnType<tf.layers.Layer["addWeight"]> | null = null;

  constructor(private readonly config: { vocab: number; initializer: Initializer; name: string }) {
    super({ name: config.name });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const units = (inputShape as tf.Shape).at(-1)!;
    this.kernel = this.addWeight("kernel", [units, this.config.vocab], "float32", this.config.initializer);
    this.bias = this.addWeight("bias", [this.config.vocab], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...(inputShape as tf.Shape).slice(0, -1), this.config.vocab];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const h = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D;
    const [B, T, U] = h.shape;
    const logits = tf.customGrad(((
      x: tf.Tensor,
      kernel: tf.Tensor,
      bias: tf.Tensor,
      save: tf.GradSaveFunc,
    ) => {
      save([x, kernel]);
      return {
        value: tf.fused.matMul({ a: x, b: kernel, bias }),
        gradFunc: (dy: tf.Tensor, [x, kernel]: tf.Tensor[]) => [
          tf.matMul(dy, kernel!.transpose()), // [rows, U]
          tf.matMul(x!.transpose(), dy), // [U, V]
          tf.matMul(tf.ones([1, dy.shape[0]]), dy as tf.Tensor2D).reshape([dy.shape[1]!]), // [V]
        ],
      };
    }) as Parameters<typeof tf.customGrad>[0]);
    return logits(h.reshape([B * T, U]), this.kernel!.read(), this.bias!.read()).reshape([
      B,
      T,
      this.config.vocab,
    ]);
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
export function buildRnn(
  V: number,
  M: number,
  p: RnnParams,
  opts: { forLoading?: boolean } = {},
): tf.LayersModel {
  tf.util.assert(V > 0 && M >= 0, () => "vocabulary must be non-empty");
  const courseIdx = tf.input({ shape: [null, null], dtype: "int32", name: "course_idx" }); // [batch, terms, K]
  const courseW = tf.input({ shape: [null, null], name: "course_w" }); // [batch, terms, K]
  const majors = tf.input({ shape: [null, Math.max(1, M)], name: "majors" }); // [batch, terms, M]
  const seed = p.seed;
  // Weights about to be replaced by stored ones need no (slow, orthogonal) random initialisation.
  const init = <T>(make: () => T): T | ReturnType<typeof tf.initializers.zeros> =>
    opts.forLoading ? tf.initializers.zeros() : make();
  const embedded = new EmbeddingBag({
    vocab: V,
    units: p.embedding,
    name: "course_embedding",
    initializer: init(() => tf.initializers.glorotUniform({ seed })),
  }).apply([courseIdx, courseW]) as tf.SymbolicTensor; // [batch, terms, E]
  let h = tf.layers.concatenate({ name: "with_majors" }).apply([embedded, majors]) as tf.SymbolicTensor;
  for (let l = 0; l < p.layers; l++) {
    h = tf.layers
      .lstm({
        units: p.units,
        returnSequences: true,
        name: `lstm_${l + 1}`,
        kernelInitializer: init(() => tf.initializers.glorotUniform({ seed: seed + l + 1 })),
        recurrentInitializer: init(() => tf.initializers.orthogonal({ seed: seed + l + 11 })),
      })
      .apply(h) as tf.SymbolicTensor; // [batch, terms, units]
    if (p.dropout > 0)
      h = new SeededDropout({ rate: p.dropout, seed: seed + l, name: `dropout_${l + 1}` }).apply(
        h,
      ) as tf.SymbolicTensor;
  }
  const logits = new NextTermLogits({
    vocab: V,
    name: "next_term",
    initializer: init(() => tf.initializers.glorotUniform({ seed: seed + 99 })),
  }).apply(h) as tf.SymbolicTensor; // [batch, terms, V]
  return tf.model({ inputs: [courseIdx, courseW, majors], outputs: logits, name: "next_term_lstm" });
}

/**
 * Masked categorical cross-entropy against the normalised next-term sets, averaged over the steps
 * that have a next term: the class notes' −Σ y · log softmax(logits), written as one op with its
 * gradient (mask · softmax − y) / steps. Autodiff of logSoftmax on wasm costs two V-wide `Exp` passes
 * (tfjs-core's logSoftmax and its gradient; `Exp` runs ~6× slower than XNNPACK's fused softmax kernel
 * here) and a dense y; this needs one softmax, two row maxima and a scatter of the sparse targets.
 * log p at a target is z − lse, with lse = max z − log max p (max p ≥ 1/V, so the log is safe).
 * Tensors the gradient needs go through `save`: the engine disposes the forward pass's
 * intermediates before the backward pass runs.
 */
export function nextTermLoss(
  logits: tf.Tensor3D,
  targets: Targets,
  mask: tf.Tensor2D,
  denominator?: number,
): tf.Scalar {
  const [B, T, V] = logits.shape;
  const rows = B * T;
  const n = targets.w.shape[0];
  // A part of a batch split across threads divides by the whole batch's steps (`denominator`).
  const steps = denominator === undefined ? mask.sum().maximum(1) : tf.scalar(Math.max(1, denominator));
  const maskCol = mask.reshape([rows, 1]);
  const rowOf = targets.idx.slice([0, 0], [n, 1]);
  const loss = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
    const p = tf.softmax(z as tf.Tensor2D);
    save([p, steps, maskCol]);
    const lse = (z as tf.Tensor2D).max(-1).sub(p.max(-1).log());
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
        const softPart = p!.mul(maskCol!.mul(scale));
        return n === 0 ? softPart : softPart.sub(tf.scatterND(targets.idx, targets.w.mul(scale), [rows, V]));
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return loss(logits.reshape([rows, V])) as tf.Scalar;
}

export type EpochReport = { epoch: number; loss: number; samples: number; seconds: number };

/**
 * The loss of a batch (or of the part of it in `seqs`: then `denominator` is the whole batch's
 * target steps, so the parts' losses and gradients simply add up to the batch's) and its gradients,
 * in `model.trainableWeights` order: tensors the caller disposes. Used by trainRnn on the main
 * thread and by the worker (lib/ml/rnn-worker.ts).
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
        model.apply([batch.x.idx, batch.x.w, batch.m], { training: true }) as tf.Tensor3D,
        batch.targets,
        batch.mask,
        denominator,
      ),
    vars,
  );
  disposeBatch(batch);
  return { loss: value, grads: vars.map((v) => grads[v.name]!) };
}

/** The worker's share of each batch when training on two threads: it also loads the weights and flattens its gradients. */
const WORKER_SHARE = 0.45;

/** Deals a batch to two threads, interleaved (the batch is sorted by length, so both parts get alike lengths). */
export function splitBatch<T>(group: T[], share = WORKER_SHARE): [T[], T[]] {
  const mine: T[] = [];
  const theirs: T[] = [];
  group.forEach((s, i) => (Math.floor((i + 1) * share) > Math.floor(i * share) ? theirs : mine).push(s));
  return [mine, theirs];
}

/** Tensors into one flat array (for a worker message or the database), and back. */
export function flattenTensors(tensors: tf.Tensor[]): Float32Array {
  const flat = new Float32Array(tensors.reduce((n, t) => n + t.size, 0));
  let offset = 0;
  for (const t of tensors) {
    flat.set(t.dataSync(), offset);
    offset += t.size;
  }
  return flat;
}

export function unflattenTensors(flat: Float32Array, shapes: number[][]): tf.Tensor[] {
  let offset = 0;
  const tensors = shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.subarray(offset, offset + size), shape);
    offset += size;
    return t;
  });
  if (offset !== flat.length) {
    tf.dispose(tensors);
    throw new Error(`the weights hold ${flat.length} numbers, the model needs ${offset}`);
  }
  return tensors;
}

/**
 * Trains with Adam over bucketed batches; `onBatch` sees every batch's loss and can stop training
 * early by returning false (used for time-to-quality benchmarks). With two threads (rnnThreads) a
 * worker computes the gradient of part of each batch (splitBatch) on its own wasm instance while
 * the main thread computes the rest; both parts divide by the whole batch's steps, so their sum is
 * the whole batch's gradient (only the dropout masks differ from one thread). A seed reproduces
 * the same model for the same thread count.
 */
export async function trainRnn(
  model: tf.LayersModel,
  train: Sequence[],
  V: number,
  M: number,
  p: RnnParams,
  hooks: {
    onBatch?: (done: number, total: number, loss: number) => boolean | void;
    onEpoch?: (r: EpochReport) => Promise<boolean | void> | boolean | void;
  } = {},
): Promise<EpochReport[]> {
  const rng = createRng(p.seed + 7);
  const threads = rnnThreads(p, V);
  const helper = threads > 1 ? await RnnWorker.start(V, M, p) : null;
  const optimizer = tf.train.adam(p.learningRate);
  const reports: EpochReport[] = [];
  const usable = train.filter((s) => s.terms.length >= 1);
  const perEpoch = Math.ceil(usable.length / p.batchSize);
  const layerVars = model.trainableWeights;
  let stop = false;
  try {
    for (let epoch = 1; epoch <= p.epochs && !stop; epoch++) {
      const t0 = performance.now();
      let lossSum = 0;
      let batches = 0;
      for (const group of bucketBatches(usable, p.batchSize, rng.shuffle)) {
        const [mine, theirs] = helper && group.length > 1 ? splitBatch(group) : [group, []];
        const denominator = targetSteps(group);
        const remote = theirs.length
          ? helper!.gradients(flattenTensors(layerVars.map((w) => w.read())), theirs, denominator)
          : null;
        remote?.catch(() => {}); // awaited below; this only keeps a failure here from going unhandled
        const local = batchGradients(model, mine, M, denominator);
        const other = remote ? await remote : null;
        const value = local.loss.dataSync()[0]! + (other?.loss ?? 0);
        tf.tidy(() => {
          const remoteGrads = other
            ? unflattenTensors(
                other.grads,
                layerVars.map((w) => w.shape as number[]),
              )
            : [];
          optimizer.applyGradients(
            layerVars.map((w, i) => ({
              name: (w.read() as tf.Variable).name,
              tensor: other ? local.grads[i]!.add(remoteGrads[i]!) : local.grads[i]!,
            })),
          );
        });
        tf.dispose([local.loss, ...local.grads]);
        // On wasm everything above is synchronous: yield to the event loop so signals (Ctrl-C) and
        // I/O are handled between batches.
        await new Promise((resolve) => setImmediate(resolve));
        lossSum += value;
        batches++;
        if (hooks.onBatch?.(batches + (epoch - 1) * perEpoch, perEpoch * p.epochs, value) === false) {
          stop = true;
          break;
        }
      }
      const report = {
        epoch,
        loss: lossSum / Math.max(1, batches),
        samples: usable.length,
        seconds: (performance.now() - t0) / 1000,
      };
      reports.push(report);
      if ((await hooks.onEpoch?.(report)) === false) stop = true;
    }
  } finally {
    optimizer.dispose();
    await helper?.close();
  }
  return reports;
}

/** batchGradients on a worker thread (lib/ml/rnn-worker.ts) with a replica of the model. */
class RnnWorker {
  private constructor(private readonly client: WorkerClient<RnnRequest, RnnReply>) {}

  static async start(V: number, M: number, params: RnnParams): Promise<RnnWorker> {
    const w = new RnnWorker(
      new WorkerClient("rnn", startTsWorker(new URL("./rnn-worker.ts", import.meta.url))),
    );
    // The replica's dropout draws from its own seed; its weights are overwritten before every batch.
    await w.client.request(
      {
        type: "init",
        backend: tf.getBackend() as BackendName,
        V,
        M,
        params: { ...params, seed: params.seed + 1000 },
      },
      "ready",
    );
    return w;
  }

  gradients(
    weights: Float32Array,
    seqs: Sequence[],
    denominator: number,
  ): Promise<{ grads: Float32Array; loss: number }> {
    return this.client.request({ type: "step", weights, seqs, denominator }, "grads", [
      weights.buffer as ArrayBuffer,
    ]);
  }

  close(): Promise<void> {
    return this.client.close();
  }
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
      const logits = model.predict([inputs.x.idx, inputs.x.w, inputs.m]) as tf.Tensor3D; // [b, T, V]
      const idx = tf.tensor2d(
        inputs.lastStep.map((t, b) => [b, t]),
        [chunk.length, 2],
        "int32",
      );
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
  return { data: Buffer.from(flattenTensors(weights).buffer), shapes: weights.map((w) => w.shape) };
}

export function loadWeights(model: tf.LayersModel, data: Uint8Array, shapes: number[][]): void {
  const flat = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const tensors = unflattenTensors(flat, shapes);
  model.setWeights(tensors);
  tf.dispose(tensors);
}
