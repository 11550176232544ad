/**
 * The messages between trainRnn (train.ts) and its worker thread (train-worker.ts). Types only, so
 * neither side imports the other. The weights and the worker's gradients travel through two
 * buffers shared once at "init" (SharedArrayBuffer), not in the messages: a step's message says
 * the weights are in place, its reply that the gradients are.
 */
import type { BackendName } from "../backend";
import type { Sequence } from "../sequences";
import type { RnnParams } from "./params";
import type { ColumnSample } from "./sampled-columns";

export type RnnRequest =
  | {
      type: "init";
      backend: BackendName;
      V: number;
      M: number;
      params: RnnParams;
      weights: Float32Array; // shared: the main thread writes, the worker reads
      grads: Float32Array; // shared: the worker writes, the main thread reads
    }
  | { type: "step"; seqs: Sequence[]; denominator: number; sample?: ColumnSample };

export type RnnReply =
  { type: "ready" } | { type: "grads"; loss: number } | { type: "error"; message: string };
