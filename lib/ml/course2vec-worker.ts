/**
 * The second thread of course2vec training: counts some of the co-occurrence passes, then holds one
 * band of the co-occurrence matrix on its own TF.js backend and answers "gradient for these W, C"
 * messages (see GradientShard). Started by
 * trainCourse2Vec through lib/ml/worker.ts.
 */
import { selectBackend, tf, type BackendName } from "./backend";
import { GradientShard, type ShardData } from "./course2vec-shard";
import { countCooccurrences, unflattenSentences, type FlatSentences, type PairOptions } from "./pairs";
import { serveRequests } from "./worker";

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

let shard: GradientShard | null = null;

serveRequests<ShardRequest>(async (msg) => {
  if (msg.type === "count") {
    const counts = countCooccurrences(
      unflattenSentences(msg.sentences),
      msg.vocabSize,
      msg.tokens,
      msg.opts,
      msg.seed,
      msg.passes,
    );
    return {
      reply: { type: "counts", counts } satisfies ShardReply,
      transfer: [counts.buffer as ArrayBuffer],
    };
  }
  if (msg.type === "init") {
    await selectBackend(msg.backend, () => {});
    shard = new GradientShard(msg.data);
    return { reply: { type: "ready" } satisfies ShardReply };
  }
  const { V, dim } = shard!;
  const W = tf.tensor2d(msg.W, [V, dim]);
  const C = tf.tensor2d(msg.C, [V, dim]);
  const g = shard!.gradient(W, C, msg.withLoss);
  const reply: ShardReply = {
    type: "grad",
    gW: (g.gW.dataSync() as Float32Array).slice(),
    gC: (g.gC.dataSync() as Float32Array).slice(),
    loss: g.loss ? g.loss.dataSync()[0]! : null,
  };
  tf.dispose([W, C, g.gW, g.gC, ...(g.loss ? [g.loss] : [])]);
  return { reply, transfer: [reply.gW.buffer as ArrayBuffer, reply.gC.buffer as ArrayBuffer] };
});
