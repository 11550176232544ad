import { createAdam } from "../adam";
import { tf, type BackendName } from "../backend";
import { countCooccurrences, countTokens, flattenSentences, negativeDistribution } from "../pairs";
import { startTsWorker, trainingThreads, WorkerClient } from "../worker";
import type { Course2VecParams } from "./params";
import { contextShare, frequentContexts } from "./contexts";
import { GradientShard, type ShardData } from "./shard";
import { columnsOf, startingVectors } from "./start";
import { lossHasLevelledOff } from "./stopping";
import type { ShardReply, ShardRequest } from "./train-protocol";

export type Course2VecResult = {
  vectors: Float32Array;
  dim: number;
  losses: { step: number; loss: number }[];
  countMs: number;
  /** Of trainMs, the SVD start. */
  svdMs: number;
  trainMs: number;
  /** Adam steps taken (fewer than params.steps when the stopping rule ended training). */
  steps: number;
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
 * every matMul runs untransposed (the fast path on wasm) and memory stays at two [V, K] matrices
 * split across the threads: every course has a row (a vector), the K columns are the contexts
 * fitted (the most frequent courses, `contextMass`; contexts.ts). Training starts from word2vec's
 * start or the SVD of the shifted PPMI matrix (start.ts) and stops after `steps` or once the loss
 * levels off (stopping.ts). With two threads a worker computes the lower band of rows on its own
 * wasm instance while the main thread computes the upper one; the parts are summed in a fixed
 * order, so a seed reproduces the same vectors for the same thread count.
 * `sentences[s][t]` is student s's term t as vocabulary indices.
 */
export async function trainCourse2Vec(
  sentences: number[][][],
  vocabSize: number,
  params: Course2VecParams,
  onStep?: (step: number, loss: number, vectors: () => Float32Array) => void,
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
    const qAll = Float32Array.from(negativeDistribution(tokens));
    const contexts = frequentContexts(tokens, contextShare(params.contextMass, V));
    const K = contexts.length;
    const q = K === V ? qAll : Float32Array.from(contexts, (j) => qAll[j]!);
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
      pos: K === V ? counts.subarray(b.start * V, (b.start + b.rows) * V) : columnsOf(counts, V, b, contexts),
      negRowSums: negRowSums.subarray(b.start, b.start + b.rows),
    });
    // The worker builds its band while this thread computes the SVD start.
    const remoteInit = Promise.all(helpers.map((h, i) => h.init(shardData(bands[i + 1]!))));
    const t1 = performance.now();
    const start = startingVectors(counts, negRowSums, qAll, contexts, params);
    const W = own(tf.variable(start[0])); // [V, d] course vectors (W_xh)
    const C = own(tf.variable(start[1])); // [K, d] context vectors (W_hoᵀ)
    tf.dispose(start);
    const svdMs = performance.now() - t1;
    await remoteInit;
    const local = own(new GradientShard(shardData(bands[0]!)));
    const adam = own(
      createAdam([W, C], params.learningRate, {
        weightDecay: params.weightDecay,
        beta2: params.beta2,
      }),
    );
    const losses: { step: number; loss: number }[] = [];
    let step = 1;
    for (; step <= params.steps; step++) {
      const withLoss = step === 1 || step === params.steps || step % params.lossEvery === 0;
      const wData = helpers.length ? (W.dataSync() as Float32Array) : null;
      const cData = helpers.length ? (C.dataSync() as Float32Array) : null;
      const remote = helpers.map((h) => h.gradient(wData!, cData!, withLoss));
      const mine = local.gradient(W, C, withLoss);
      const parts = await Promise.all(remote);
      let loss = mine.loss ? mine.loss.dataSync()[0]! : 0;
      tf.tidy(() => {
        let gC: tf.Tensor2D = mine.gC;
        const gW: tf.Tensor2D[] = [mine.gW];
        parts.forEach((p, i) => {
          gW.push(tf.tensor2d(p.gW, [bands[i + 1]!.rows, d]));
          gC = gC.add(tf.tensor2d(p.gC, [K, d]));
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
      onStep?.(step, losses.at(-1)!.loss, () => W.dataSync().slice() as Float32Array);
      if (withLoss && lossHasLevelledOff(losses, params.stopTolerance)) break;
      // Yield to the event loop between steps, so signals (Ctrl-C) are handled mid-training.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const vectors = W.dataSync().slice() as Float32Array;
    const trainMs = performance.now() - t1;
    return { vectors, dim: d, losses, countMs, svdMs, trainMs, steps: Math.min(step, params.steps), threads };
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
