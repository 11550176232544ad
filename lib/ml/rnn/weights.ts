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

type WasmHeap = {
  wasm?: { HEAPU8: Uint8Array };
  dataIdMap?: { get(id: object): { memoryOffset: number } | undefined };
};

/**
 * flattenTensors into `out` (a buffer reused for every batch, e.g. shared with a worker), with no
 * new array: on wasm straight from the backend's heap, since dataSync copies each tensor into a new
 * array, and 9 MB of them a batch made the main thread's collector (which marks the whole training
 * corpus) cost ~90 ms a Berkeley-scale batch (docs/tfjs-wasm.md, fact 19).
 */
export function copyTensorsInto(tensors: tf.Tensor[], out: Float32Array): void {
  const needed = tensors.reduce((n, t) => n + t.size, 0);
  if (needed !== out.length) throw new Error(`the buffer holds ${out.length} numbers, the tensors ${needed}`);
  const backend = tf.backend() as unknown as WasmHeap;
  let offset = 0;
  for (const t of tensors) {
    const at = t.dtype === "float32" ? backend.dataIdMap?.get(t.dataId)?.memoryOffset : undefined;
    if (backend.wasm && at !== undefined) {
      out.set(new Float32Array(backend.wasm.HEAPU8.buffer, at, t.size), offset);
    } else out.set(t.dataSync(), offset);
    offset += t.size;
  }
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
