import { tf } from "@/lib/ml/backend";

/**
 * The skip-gram network as the reference formulation writes it (docs/background.md), for checking
 * the trainer's aggregated-count objective against: a one-hot course x [n, V] selects its row of
 * W_xh (the hidden layer h = x·W_xh is the course vector, [n, d]), the output layer scores every
 * context o = h·W_ho ([n, V']), and sigmoid(o) is the probability that a context is real (negative
 * sampling).
 */
export function skipGramForward(
  x: tf.Tensor2D,
  wxh: tf.Tensor2D,
  who: tf.Tensor2D,
): { h: tf.Tensor2D; o: tf.Tensor2D; p: tf.Tensor2D } {
  const h = tf.matMul<tf.Tensor2D>(x, wxh); // [n, d]
  const o = tf.matMul<tf.Tensor2D>(h, who); // [n, V'] every context scored against W_ho = Cᵀ [d, V']
  return { h, o, p: tf.sigmoid<tf.Tensor2D>(o) };
}
