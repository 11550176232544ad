import { tf } from "../backend";
import {
  CumulativeSum,
  EmbeddingBag,
  MajorAtTerm,
  NextTermLogits,
  SeededDropout,
  type Initializer,
} from "./layers";
import type { RnnParams } from "./params";
import { TERM_SLOTS } from "../sequences";

/** Width of the learned vector per major and term of career (params.majorTerm). */
const MAJOR_TERM_UNITS = 32;

/**
 * The enrollment-sequence model (Pardos, Fan & Jiang 2019) in the Keras style of the reference
 * model (docs/background.md): courses of a term → embedding bag (the multi-hot × Dense product,
 * computed from indices), concatenated with the majors → LSTM → Dense logits over all V courses for
 * the next term (softmax in the loss). Inputs: course indices and weights [batch, terms, K] (see
 * CourseBag), majors [batch, terms, M].
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
  const slot = p.termFeatures
    ? [tf.input({ shape: [null, TERM_SLOTS], name: "next_slot" })] // [batch, terms, TERM_SLOTS]
    : [];
  const seed = p.seed;
  // Weights about to be replaced by stored ones need no (slow, orthogonal) random initialisation.
  const init = <T>(make: () => T): T | Initializer => (opts.forLoading ? tf.initializers.zeros() : make());

  const embedding = new EmbeddingBag({
    vocab: V,
    units: p.embedding,
    name: "course_embedding",
    initializer: init(() => tf.initializers.glorotUniform({ seed })),
  });
  const embedded = embedding.apply([courseIdx, courseW]) as tf.SymbolicTensor; // [batch, terms, E]
  const parts = [embedded];
  if (p.historyBag) {
    const history = new EmbeddingBag({
      vocab: V,
      units: p.embedding,
      name: "history_embedding",
      initializer: init(() => tf.initializers.glorotUniform({ seed: seed + 50 })),
    });
    const taken = history.apply([courseIdx, courseW]) as tf.SymbolicTensor; // [batch, terms, E]
    parts.push(new CumulativeSum({ name: "taken_so_far" }).apply(taken) as tf.SymbolicTensor);
  }
  if (p.majorTerm) {
    const atTerm = new MajorAtTerm({ name: "major_at_term" }).apply(majors) as tf.SymbolicTensor;
    const embed = tf.layers.dense({
      units: MAJOR_TERM_UNITS,
      useBias: false,
      name: "major_term_embedding",
      kernelInitializer: init(() => tf.initializers.glorotUniform({ seed: seed + 60 })),
    });
    parts.push(embed.apply(atTerm) as tf.SymbolicTensor); // [batch, terms, MAJOR_TERM_UNITS]
  }
  const withMajors = tf.layers.concatenate({ name: "with_majors" });
  let h = withMajors.apply([...parts, majors, ...slot]) as tf.SymbolicTensor; // [batch, terms, E (+ E) (+ 32) + M (+ slots)]

  for (let l = 0; l < p.layers; l++) {
    const lstm = tf.layers.lstm({
      units: p.units,
      returnSequences: true,
      name: `lstm_${l + 1}`,
      kernelInitializer: init(() => tf.initializers.glorotUniform({ seed: seed + l + 1 })),
      recurrentInitializer: init(() => tf.initializers.orthogonal({ seed: seed + l + 11 })),
    });
    h = lstm.apply(h) as tf.SymbolicTensor; // [batch, terms, units]
    if (p.dropout > 0) {
      const dropout = new SeededDropout({ rate: p.dropout, seed: seed + l, name: `dropout_${l + 1}` });
      h = dropout.apply(h) as tf.SymbolicTensor; // [batch, terms, units]
    }
  }

  // fanInInit: uniform in ±1/sqrt(units), PyTorch's nn.Linear default (docs/benchmarks.md, "time to
  // quality against PyTorch": reaches a recall mark in fewer batches than Glorot's ±sqrt(6/(units + V))).
  const fanIn = 1 / Math.sqrt(p.units);
  const uniform = (s: number) => tf.initializers.randomUniform({ minval: -fanIn, maxval: fanIn, seed: s });
  const output = new NextTermLogits({
    vocab: V,
    name: "next_term",
    initializer: init(() =>
      p.fanInInit ? uniform(seed + 99) : tf.initializers.glorotUniform({ seed: seed + 99 }),
    ),
    biasInitializer: p.fanInInit ? init(() => uniform(seed + 98)) : undefined,
  });
  const logits = output.apply(h) as tf.SymbolicTensor; // [batch, terms, V]
  return tf.model({ inputs: [courseIdx, courseW, majors, ...slot], outputs: logits, name: "next_term_lstm" });
}
