/**
 * The messages between trainRnn (train.ts) and its worker thread (train-worker.ts). Types only, so
 * neither side imports the other.
 */
import type { BackendName } from "../backend";
import type { Sequence } from "../sequences";
import type { RnnParams } from "./params";

export type RnnRequest =
  | { type: "init"; backend: BackendName; V: number; M: number; params: RnnParams }
  | { type: "step"; weights: Float32Array; seqs: Sequence[]; denominator: number };

export type RnnReply =
  | { type: "ready" }
  | { type: "grads"; grads: Float32Array; loss: number }
  | { type: "error"; message: string };
