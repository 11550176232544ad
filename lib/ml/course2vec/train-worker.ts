/**
 * The second thread of course2vec training: counts some of the co-occurrence passes, then holds one
 * band of the co-occurrence matrix on its own TF.js backend and answers "gradient for these W, C"
 * messages (see GradientShard). Started by trainCourse2Vec through lib/ml/worker.ts.
 */
import { selectBackend, tf } from "../backend";
import { countCooccurrences, unflattenSentences } from "../pairs";
import { serveRequests } from "../worker";
import { GradientShard } from "./shard";
import type { ShardReply, ShardRequest } from "./train-protocol";

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
  const { V, contexts, dim } = shard!;
  const W = tf.tensor2d(msg.W, [V, dim]);
  const C = tf.tensor2d(msg.C, [contexts, dim]);
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
