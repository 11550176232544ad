import { createAdam } from "../adam";
import { tf, type BackendName } from "../backend";
import { createRng } from "../../random";
import { countCooccurrences, countTokens, flattenSentences, negativeDistribution } from "../pairs";
import { startTsWorker, trainingThreads, WorkerClient } from "../worker";
import type { Course2VecParams } from "./params";
import { GradientShard, type ShardData } from "./shard";
import type { ShardReply, ShardRequest } from "./train-protocol";

export type Course2VecResult = {
  vectors: Float32Array;
  dim: number;
  losses: { step: number; loss: number }[];
  countMs: number;
  trainMs: number;
  threads: number;
};

/** How many threads trainCourse2Vec will use for these parameters on the current backend. */
export function course2vecThreads(params: Pick<Course2VecParams, "threads">, vocabSize: number): number {
  return Math.min(trainingThreads(params.threads, vocabSize), vocabSize);
}

/**
 * Skip-gram with negative sampling, trained on aggregated counts (docs/tfjs-wasm.md, fact 6): the
 * co-occurrence matrix P[i, j] (expected positive updates of pair i→j per epoch) and the expected negatives
 * N[i, j] = k · rowSum(P)[i] · q[j] (q = unigram^0.75) give the exact expected SGNS loss
 *   L = Σ P ⊙ softplus(−W Cᵀ) + N ⊙ softplus(W Cᵀ)
 * which full-batch Adam minimises with hand-written gradients in row blocks (GradientShard), so
 * every matMul runs untransposed (the fast path on wasm) and memory stays at two [V, V] matrices
 * split across the threads. With two threads a worker computes the lower band of rows on its own
 * wasm instance while the main thread computes the upper one; the parts are summed in a fixed
 * order, so a seed reproduces the same vectors for the same thread count.
 * `sentences[s][t]` is student s's term t as vocabulary indices.
 */
export async function trainCourse2Vec(
  sentences: number[][][],
  vocabSize: number,
  params: Course2VecParams,
  onStep?: (step: number, loss: number) => void,
): Promise<Course2VecResult> {
  const t0 = performance.now();
  const V = vocabSize;
  const threads = course2vecThreads(params, V);
  const helpers = Array.from({ length: threads - 1 }, () => ShardWorker.start());
  // Everything below is released on success, failure and interruption alike.
  const owned: { dispose(): void }[] = [];
  const own = <T extends { dispose(): void }>(x: T): T => (owned.push(x), x);
  try {
    const tokens = countTokens(sentences, vocabSize);
    // The counting passes are dealt round-robin to the threads and summed.
    const passes = [...Array(Math.max(1, params.shuffles)).keys()];
    const flat = helpers.length ? flattenSentences(sentences) : null;
    const remoteCounts = helpers.map((h, i) =>
      h.count({
        sentences: flat!,
        vocabSize,
        tokens,
        opts: params,
        seed: params.seed,
        passes: passes.filter((p) => p % threads === i + 1),
      }),
    );
    const counts = countCooccurrences(
      sentences,
      vocabSize,
      tokens,
      params,
      params.seed,
      passes.filter((p) => p % threads === 0),
    );
    for (const part of await Promise.all(remoteCounts))
      for (let i = 0; i < counts.length; i++) counts[i]! += part[i]!;
    const q = Float32Array.from(negativeDistribution(tokens));
    const countMs = performance.now() - t0;

    const d = params.dim;
    const negRowSums = new Float32Array(V);
    let total = 0;
    for (let i = 0; i < V; i++) {
      let s = 0;
      for (let j = 0; j < V; j++) s += counts[i * V + j]!;
      negRowSums[i] = s * params.negatives;
      total += s;
    }
    const norm = 1 / Math.max(1, total * (1 + params.negatives));
    // Equal bands: every row costs the same (the matrices are dense).
    const bands = Array.from({ length: threads }, (_, t) => {
      const start = Math.round((t * V) / threads);
      return { start, rows: Math.round(((t + 1) * V) / threads) - start };
    });
    const shardData = (b: { start: number; rows: number }) => ({
      V,
      dim: d,
      start: b.start,
      rows: b.rows,
      blockRows: params.blockRows,
      norm,
      q,
      pos: counts.subarray(b.start * V, (b.start + b.rows) * V),
      negRowSums: negRowSums.subarray(b.start, b.start + b.rows),
    });
    await Promise.all(helpers.map((h, i) => h.init(shardData(bands[i + 1]!))));
    const local = own(new GradientShard(shardData(bands[0]!)));

    // word2vec's initialisation: input vectors small uniform, output vectors zero.
    const initRng = createRng(params.seed + 1);
    const w0 = Float32Array.from({ length: V * d }, () => (initRng.next() - 0.5) / d);
    const W = own(tf.tidy(() => tf.variable(tf.tensor2d(w0, [V, d])))); // [V, d] course vectors (W_xh)
    const C = own(tf.tidy(() => tf.variable(tf.zeros([V, d])))); // [V, d] context vectors (W_hoᵀ)
    const adam = own(createAdam([W, C], params.learningRate, { weightDecay: params.weightDecay }));
    const losses: { step: number; loss: number }[] = [];
    const t1 = performance.now();
    for (let step = 1; step <= params.steps; step++) {
      const withLoss = step === 1 || step === params.steps || step % params.lossEvery === 0;
      const wData = helpers.length ? (W.dataSync() as Float32Array) : null;
      const cData = helpers.length ? (C.dataSync() as Float32Array) : null;
      const remote = helpers.map((h) => h.gradient(wData!, cData!, withLoss));
      const mine = local.gradient(W, C as tf.Tensor2D, withLoss);
      const parts = await Promise.all(remote);
      let loss = mine.loss ? mine.loss.dataSync()[0]! : 0;
      tf.tidy(() => {
        let gC: tf.Tensor2D = mine.gC;
        const gW: tf.Tensor2D[] = [mine.gW];
        parts.forEach((p, i) => {
          gW.push(tf.tensor2d(p.gW, [bands[i + 1]!.rows, d]));
          gC = gC.add(tf.tensor2d(p.gC, [V, d]));
          loss += p.loss ?? 0;
        });
        const progress = params.steps > 1 ? (step - 1) / (params.steps - 1) : 0;
        adam.apply(
          [gW.length === 1 ? gW[0]! : tf.concat(gW, 0), gC],
          params.learningRate * (1 - progress * (1 - params.finalLrRatio)),
        );
      });
      tf.dispose([mine.gW, mine.gC, ...(mine.loss ? [mine.loss] : [])]);
      if (withLoss) losses.push({ step, loss });
      onStep?.(step, losses.at(-1)!.loss);
      // Yield to the event loop between steps, so signals (Ctrl-C) are handled mid-training.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const vectors = W.dataSync().slice() as Float32Array;
    const trainMs = performance.now() - t1;
    return { vectors, dim: d, losses, countMs, trainMs, threads };
  } finally {
    for (const x of owned.reverse()) x.dispose();
    await Promise.all(helpers.map((h) => h.close()));
  }
}

/** A GradientShard on a worker thread (train-worker.ts), driven by messages. */
class ShardWorker {
  private constructor(private readonly client: WorkerClient<ShardRequest, ShardReply>) {}

  static start(): ShardWorker {
    return new ShardWorker(
      new WorkerClient("course2vec", startTsWorker(new URL("./train-worker.ts", import.meta.url))),
    );
  }

  async count(msg: Omit<Extract<ShardRequest, { type: "count" }>, "type">): Promise<Float32Array> {
    return (await this.client.request({ type: "count", ...msg }, "counts")).counts;
  }

  async init(data: ShardData): Promise<void> {
    await this.client.request({ type: "init", backend: tf.getBackend() as BackendName, data }, "ready");
  }

  gradient(
    W: Float32Array,
    C: Float32Array,
    withLoss: boolean,
  ): Promise<{ gW: Float32Array; gC: Float32Array; loss: number | null }> {
    return this.client.request({ type: "step", W, C, withLoss }, "grad");
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
