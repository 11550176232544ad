import { tf } from "../backend";

/**
 * Σ_k w[b, t, k] · kernel[idx[b, t, k]]: a term's courses summed from the embedding table, i.e. the
 * multi-hot × Dense product of the reference model (docs/background.md) without the V-wide
 * multi-hot. tf.gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks
 * (docs/tfjs-wasm.md, fact 3), so the gradient is written out: scatterND adds every bag entry's
 * share back into its row (duplicates sum).
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

export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** The embedding bag as a layer: one weight, the [V, E] table (the same shape a bias-free Dense kernel has). */
export class EmbeddingBag extends tf.layers.Layer {
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
 * the whole matrix first, which took ~35× as long as ones[1, rows] · dy on a Berkeley-scale batch.
 * Same weights (kernel [units, V], bias [V]) as the Dense layer it replaces, so stored runs load.
 */
export class NextTermLogits extends tf.layers.Layer {
  static className = "NextTermLogits";
  private kernel: ReturnType<tf.layers.Layer["addWeight"]> | null = null;
  private bias: ReturnType<tf.layers.Layer["addWeight"]> | null = null;

  constructor(
    private readonly config: {
      vocab: number;
      initializer: Initializer;
      biasInitializer?: Initializer; // zeros when absent
      name: string;
    },
  ) {
    super({ name: config.name });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const units = (inputShape as tf.Shape).at(-1)!;
    this.kernel = this.addWeight("kernel", [units, this.config.vocab], "float32", this.config.initializer);
    const biasInit = this.config.biasInitializer ?? tf.initializers.zeros();
    this.bias = this.addWeight("bias", [this.config.vocab], "float32", biasInit);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...(inputShape as tf.Shape).slice(0, -1), this.config.vocab];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const h = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D; // [B, T, U]
    const [B, T, U] = h.shape;
    const logits = tf.customGrad(((
      x: tf.Tensor, // [rows, U], rows = B · T
      kernel: tf.Tensor, // [U, V]
      bias: tf.Tensor, // [V]
      save: tf.GradSaveFunc,
    ) => {
      save([x, kernel]);
      return {
        value: tf.fused.matMul({ a: x, b: kernel, bias }), // [rows, V]
        gradFunc: (dy: tf.Tensor, [x, kernel]: tf.Tensor[]) => [
          tf.matMul(dy, kernel!.transpose()), // [rows, U]
          tf.matMul(x!.transpose(), dy), // [U, V]
          tf.matMul(tf.ones([1, dy.shape[0]]), dy as tf.Tensor2D).reshape([dy.shape[1]!]), // [V]
        ],
      };
    }) as Parameters<typeof tf.customGrad>[0]);
    const flat = logits(h.reshape([B * T, U]), this.kernel!.read(), this.bias!.read());
    return flat.reshape([B, T, this.config.vocab]); // [B, T, V]
  }
}

/**
 * Dropout that draws a new mask at every training call, reproducibly: mask i comes from seed
 * `seed:i`. tf.layers.dropout given a `seed` passes that same seed to every call, so it drops the
 * same units in every batch of a shape (a fixed pruning, not dropout). Identity at inference.
 */
export class SeededDropout extends tf.layers.Layer {
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
 * tf.cumsum over axis 1 with its gradient written out (a reverse running sum of dy): tfjs-core's
 * Cumsum gradient returns the transposed shape for an inner axis ([B, E, T] for a [B, T, E] input).
 */
export function runningSum(x: tf.Tensor3D): tf.Tensor3D {
  const sum = tf.customGrad(((t: tf.Tensor) => ({
    value: tf.cumsum(t, 1),
    gradFunc: (dy: tf.Tensor) => tf.cumsum(dy, 1, false, true),
  })) as Parameters<typeof tf.customGrad>[0]);
  return sum(x) as tf.Tensor3D;
}

/**
 * Running sum over the terms axis ([batch, terms, E] → [batch, terms, E]): at step t, the sum of
 * steps 0..t. Over the embedding bag of the previous term's courses that is the embedding of every
 * course taken before term t (the LSTM otherwise has to carry that set through its cell state).
 */
export class CumulativeSum extends tf.layers.Layer {
  static className = "CumulativeSum";

  constructor(config: { name: string }) {
    super(config);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return runningSum(x as tf.Tensor3D);
  }
}

/** Terms of career the major-at-term input tells apart; later terms share the last one. */
export const MAJOR_TERM_CAP = 12;

/**
 * The student's majors at the step's term of career, one-hot ([batch, terms, M] majors → [batch,
 * terms, (M + 1) · MAJOR_TERM_CAP]): at step t, entry (j, min(t, cap − 1)) is 1 for each major j
 * held, and a last "no major" row stands in when none is. A Dense layer over it learns one vector
 * per major and term of career, the input form of the same-major-and-point baseline's table
 * (docs/rnn-levers.md). No weights of its own.
 */
export class MajorAtTerm extends tf.layers.Layer {
  static className = "MajorAtTerm";

  constructor(config: { name: string }) {
    super(config);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    return [s[0]!, s[1]!, (s[2]! + 1) * MAJOR_TERM_CAP];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const m = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D; // [B, T, M]
    const [B, T, M] = m.shape;
    return tf.tidy(() => {
      const none = tf.scalar(1).sub(m.sum(-1, true).minimum(1)); // [B, T, 1]
      const held = tf.concat([m, none], -1).expandDims<tf.Tensor4D>(-1); // [B, T, M + 1, 1]
      const at = new Float32Array(T * MAJOR_TERM_CAP);
      for (let t = 0; t < T; t++) at[t * MAJOR_TERM_CAP + Math.min(t, MAJOR_TERM_CAP - 1)] = 1;
      const step = tf.tensor4d(at, [1, T, 1, MAJOR_TERM_CAP]);
      return held.mul(step).reshape([B, T, (M + 1) * MAJOR_TERM_CAP]);
    });
  }
}
