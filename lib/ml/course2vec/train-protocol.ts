/**
 * The messages between trainCourse2Vec (train.ts) and its worker thread (train-worker.ts). Types
 * only, so neither side imports the other.
 */
import type { BackendName } from "../backend";
import type { FlatSentences, PairOptions } from "../pairs";
import type { ShardData } from "./shard";

export type ShardRequest =
  | {
      type: "count";
      sentences: FlatSentences;
      vocabSize: number;
      tokens: Float64Array;
      opts: PairOptions;
      seed: number;
      passes: number[];
    }
  | { type: "init"; backend: BackendName; data: ShardData }
  | { type: "step"; W: Float32Array; C: Float32Array; withLoss: boolean };

export type ShardReply =
  | { type: "ready" }
  | { type: "counts"; counts: Float32Array }
  | { type: "grad"; gW: Float32Array; gC: Float32Array; loss: number | null }
  | { type: "error"; message: string };
