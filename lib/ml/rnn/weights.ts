import { tf } from "../backend";

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
  const sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  const needed = sizes.reduce((a, b) => a + b, 0);
  // Checked before any tensor exists, so too few numbers fail as clearly as too many, and leak nothing.
  if (needed !== flat.length)
    throw new Error(`the weights hold ${flat.length} numbers, the model needs ${needed}`);
  let offset = 0;
  return shapes.map((shape, i) => {
    const t = tf.tensor(flat.subarray(offset, offset + sizes[i]!), shape);
    offset += sizes[i]!;
    return t;
  });
}

/**
 * Flat weights plus shapes, for storing in the database (no files: the web tier reads the db), in
 * `model.getWeights()` order. loadWeights reads the same layout back.
 */
export function serializeWeights(model: tf.LayersModel): { data: Buffer; shapes: number[][] } {
  const weights = model.getWeights();
  return { data: Buffer.from(flattenTensors(weights).buffer), shapes: weights.map((w) => w.shape) };
}

export function loadWeights(model: tf.LayersModel, data: Uint8Array, shapes: number[][]): void {
  const flat = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const tensors = unflattenTensors(flat, shapes);
  try {
    model.setWeights(tensors); // throws when a shape differs from the model's
  } finally {
    tf.dispose(tensors);
  }
}
