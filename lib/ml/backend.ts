import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs";

export type BackendName = "tensorflow" | "wasm" | "cpu";

let chosen: BackendName | null = null;

/**
 * Picks the best TF.js backend that loads: tfjs-node (native, where its install could download
 * libtensorflow), then wasm, then cpu; `prefer` forces one. Prints the choice once.
 * The same model code runs on all of them.
 */
export async function selectBackend(
  prefer?: BackendName,
  log: (m: string) => void = (m) => console.error(m),
): Promise<BackendName> {
  if (chosen && (!prefer || prefer === chosen)) return chosen;
  const order: BackendName[] = prefer ? [prefer] : ["tensorflow", "wasm", "cpu"];
  for (const name of order) {
    try {
      if (name === "tensorflow") {
        // Optional dependency: absent wherever its install script could not download libtensorflow.
        const mod = "@tensorflow/tfjs-node";
        await import(/* webpackIgnore: true */ mod);
      } else if (name === "wasm") {
        await import("@tensorflow/tfjs-backend-wasm");
      }
      if (await tf.setBackend(name)) {
        await tf.ready();
        if (name === "wasm") materialiseTransposesOnWasm();
        chosen = name;
        log(
          `TensorFlow.js backend: ${name}${name === "cpu" ? " (slow: training on cpu is 10-200x slower than wasm)" : ""}`,
        );
        return name;
      }
    } catch {
      // Not installed or failed to initialise: try the next one.
    }
  }
  throw new Error(`No TensorFlow.js backend could be loaded (tried ${order.join(", ")})`);
}

let patched = false;

/**
 * wasm matMul with transposeA/transposeB runs 10-15x slower than without (docs/tfjs-wasm.md, fact 1), and
 * every gradient matMul uses those flags. Wrap BatchMatMul and _FusedMatMul so that a flagged call
 * transposes its operand explicitly (a few ms) and then runs the fast kernel.
 */
function materialiseTransposesOnWasm(): void {
  if (patched) return;
  patched = true;
  const transpose = tf.getKernel("Transpose", "wasm");
  for (const name of ["BatchMatMul", "_FusedMatMul"]) {
    const original = tf.getKernel(name, "wasm");
    if (!original || !transpose) continue;
    tf.unregisterKernel(name, "wasm");
    const wrapped: KernelConfig = {
      ...original,
      kernelFunc: (args) => {
        const attrs = args.attrs as NamedAttrMap & { transposeA?: boolean; transposeB?: boolean };
        if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
        const inputs = { ...args.inputs } as Record<string, TensorInfo>;
        const temps: TensorInfo[] = [];
        const flip = (key: "a" | "b") => {
          const x = inputs[key]!;
          const rank = x.shape.length;
          const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
          const t = transpose.kernelFunc({
            inputs: { x },
            backend: args.backend,
            attrs: { perm },
          }) as TensorInfo;
          temps.push(t);
          inputs[key] = t;
        };
        if (attrs.transposeA) flip("a");
        if (attrs.transposeB) flip("b");
        const out = original.kernelFunc({
          ...args,
          inputs,
          attrs: { ...attrs, transposeA: false, transposeB: false },
        });
        const backend = args.backend as { disposeData: (id: object) => void };
        for (const t of temps) backend.disposeData(t.dataId);
        return out;
      },
    };
    tf.registerKernel(wrapped);
  }
}

export { tf };
