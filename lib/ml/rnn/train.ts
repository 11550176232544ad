import { tf, type BackendName } from "../backend";
import { createRng } from "../../random";
import { bucketBatches, targetSteps, type Sequence } from "../sequences";
import { startTsWorker, trainingThreads, WorkerClient } from "../worker";
import { batchGradients } from "./gradients";
import type { RnnParams } from "./params";
import { countTargets, createColumnSampler, sampledNegatives, type ColumnSample } from "./sampled-columns";
import type { RnnReply, RnnRequest } from "./train-protocol";
import { copyTensorsInto, unflattenTensors } from "./weights";

export type EpochReport = { epoch: number; loss: number; samples: number; seconds: number };

/** How many threads trainRnn uses for these parameters on the current backend (never more than 2: one worker). */
export function rnnThreads(p: Pick<RnnParams, "threads">, V: number): number {
  return Math.min(2, trainingThreads(p.threads, V));
}

/** The worker's share of each batch when training on two threads: it also loads the weights and copies out its gradients. */
const WORKER_SHARE = 0.45;
/** With staleWorker the main thread's Adam step (~20 ms at Berkeley scale) runs beside the worker, so the worker takes more. */
const STALE_WORKER_SHARE = 0.55;

/** Deals a batch to two threads, interleaved (the batch is sorted by length, so both parts get alike lengths). */
export function splitBatch<T>(group: T[], share = WORKER_SHARE): [T[], T[]] {
  const mine: T[] = [];
  const theirs: T[] = [];
  group.forEach((s, i) => (Math.floor((i + 1) * share) > Math.floor(i * share) ? theirs : mine).push(s));
  return [mine, theirs];
}

/**
 * Trains with Adam over bucketed batches; `onBatch` sees every batch's loss and can stop training
 * early by returning false (used for time-to-quality benchmarks). With two threads (rnnThreads) a
 * worker computes the gradient of part of each batch (splitBatch) on its own wasm instance while
 * the main thread computes the rest; both parts divide by the whole batch's steps, so their sum is
 * the whole batch's gradient (only the dropout masks differ from one thread). A seed reproduces
 * the same model for the same thread count. From 4,096 courses (sampledNegatives) the loss is a
 * sampled softmax over one column sample per batch, shared by both threads, and the worker then
 * works one step stale (staleWorker): it starts on the next batch's share with the weights before
 * this batch's update, while the main thread runs Adam. Adam stays dense: a column no sample drew
 * gets a zero gradient, so its moments decay and it moves on its momentum, as with PyTorch's Adam
 * on the same gradient (docs/benchmarks.md, "sampled softmax").
 */
export async function trainRnn(
  model: tf.LayersModel,
  train: Sequence[],
  V: number,
  M: number,
  p: RnnParams,
  hooks: {
    onBatch?: (done: number, total: number, loss: number) => boolean | void;
    onEpoch?: (r: EpochReport) => Promise<boolean | void> | boolean | void;
  } = {},
): Promise<EpochReport[]> {
  const rng = createRng(p.seed + 7);
  const threads = rnnThreads(p, V);
  const layerVars = model.trainableWeights;
  const helper =
    threads > 1
      ? await RnnWorker.start(
          V,
          M,
          p,
          layerVars.map((w) => w.shape as number[]),
        )
      : null;
  const optimizer = tf.train.adam(p.learningRate);
  const reports: EpochReport[] = [];
  const usable = withTargetWeights(
    withUnknownSlots(
      train.filter((s) => s.terms.length >= 1),
      p,
    ),
    p,
  );
  const perEpoch = Math.ceil(usable.length / p.batchSize);
  const negatives = sampledNegatives(p, V);
  // One column sample per batch, drawn here and shared by both threads.
  const sampleColumns =
    negatives > 0 ? createColumnSampler(countTargets(usable, V), negatives, createRng(p.seed + 21)) : null;
  const stale = helper !== null && (p.staleWorker ?? negatives > 0);
  const workerShare = stale ? STALE_WORKER_SHARE : WORKER_SHARE;
  type Step = {
    mine: Sequence[];
    theirs: Sequence[];
    denominator: number;
    sample?: ColumnSample;
    remote: Promise<number> | null | undefined; // the worker's loss
  };
  const prepare = (group: Sequence[]): Step => {
    const [mine, theirs] = helper && group.length > 1 ? splitBatch(group, workerShare) : [group, []];
    return {
      mine,
      theirs,
      denominator: targetSteps(group),
      sample: sampleColumns?.(group),
      remote: undefined,
    };
  };
  const send = (s: Step) => {
    if (!s.theirs.length) return null;
    const remote = helper!.gradients(
      layerVars.map((w) => w.read()),
      s.theirs,
      s.denominator,
      s.sample,
    );
    remote.catch(() => {}); // awaited later; this only keeps a failure (or an early stop) from going unhandled
    return remote;
  };
  let stop = false;
  try {
    for (let epoch = 1; epoch <= p.epochs && !stop; epoch++) {
      const t0 = performance.now();
      let lossSum = 0;
      let batches = 0;
      const groups = bucketBatches(usable, p.batchSize, rng.shuffle);
      let next = groups.length ? prepare(groups[0]!) : null;
      for (let i = 0; i < groups.length; i++) {
        const cur = next!;
        cur.remote ??= send(cur);
        const local = batchGradients(model, cur.mine, M, cur.denominator, cur.sample, p.labelSmoothing ?? 0);
        const other = cur.remote ? await cur.remote : null;
        const remoteGrads = other === null ? [] : helper!.readGradients();
        next = i + 1 < groups.length ? prepare(groups[i + 1]!) : null;
        // The worker starts on the next batch's share with the weights before this batch's update.
        if (next && stale) next.remote = send(next);
        const value = local.loss.dataSync()[0]! + (other ?? 0);
        setLearningRate(
          optimizer,
          stepLearningRate(p, batches + (epoch - 1) * perEpoch, perEpoch * p.epochs),
        );
        tf.tidy(() => {
          optimizer.applyGradients(
            layerVars.map((w, i) => ({
              name: (w.read() as tf.Variable).name,
              tensor: remoteGrads.length ? local.grads[i]!.add(remoteGrads[i]!) : local.grads[i]!,
            })),
          );
        });
        tf.dispose([local.loss, ...local.grads, ...remoteGrads]);
        // On wasm everything above is synchronous: yield to the event loop so signals (Ctrl-C) and
        // I/O are handled between batches.
        await new Promise((resolve) => setImmediate(resolve));
        lossSum += value;
        batches++;
        if (hooks.onBatch?.(batches + (epoch - 1) * perEpoch, perEpoch * p.epochs, value) === false) {
          stop = true;
          break;
        }
      }
      const report = {
        epoch,
        loss: lossSum / Math.max(1, batches),
        samples: usable.length,
        seconds: (performance.now() - t0) / 1000,
      };
      reports.push(report);
      if ((await hooks.onEpoch?.(report)) === false) stop = true;
    }
  } finally {
    optimizer.dispose();
    await helper?.close();
  }
  return reports;
}

/**
 * The learning rate of batch `done` (0-based) of `total`: from `learningRate` down linearly to
 * `finalLrRatio` × it at the last batch (no decay when the ratio is 1 or absent, as in older runs).
 */
export function stepLearningRate(
  p: Pick<RnnParams, "learningRate" | "finalLrRatio">,
  done: number,
  total: number,
): number {
  const ratio = p.finalLrRatio ?? 1;
  return p.learningRate * (1 - (1 - ratio) * Math.min(1, done / Math.max(1, total - 1)));
}

/** tf.train.adam reads its (protected) learning rate at every update. */
function setLearningRate(optimizer: tf.AdamOptimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** Share of training sequences shown without their terms' slots (term-features model). */
export const UNKNOWN_SLOT_SHARE = 0.1;

/**
 * With term inputs, a seeded tenth of the sequences lose their slots, so that a caller that does
 * not know the seasons (the planner, the exports) gives the model an input it was trained on.
 */
function withUnknownSlots(seqs: Sequence[], p: RnnParams): Sequence[] {
  if (!p.termFeatures) return seqs;
  const rng = createRng(p.seed + 13);
  return seqs.map((s) => (rng.next() < UNKNOWN_SLOT_SHARE ? { ...s, slots: undefined } : s));
}

/** targetWeighting "course": each course of a term weighs 1 in the target (sequences with their own targetWeights keep them). */
function withTargetWeights(seqs: Sequence[], p: RnnParams): Sequence[] {
  if (p.targetWeighting !== "course") return seqs;
  return seqs.map((s) => (s.targetWeights ? s : { ...s, targetWeights: s.terms.map((t) => t.map(() => 1)) }));
}

/**
 * batchGradients on a worker thread (train-worker.ts) with a replica of the model. The weights go
 * out and the gradients come back through two SharedArrayBuffers made once, so a batch allocates
 * no 9 MB arrays on the main thread, whose collector would mark the whole corpus for them.
 */
class RnnWorker {
  private constructor(
    private readonly client: WorkerClient<RnnRequest, RnnReply>,
    private readonly weights: Float32Array,
    private readonly grads: Float32Array,
    private readonly shapes: number[][],
  ) {}

  static async start(V: number, M: number, params: RnnParams, shapes: number[][]): Promise<RnnWorker> {
    const size = shapes.reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0);
    const shared = () => new Float32Array(new SharedArrayBuffer(size * 4));
    const w = new RnnWorker(
      new WorkerClient("rnn", startTsWorker(new URL("./train-worker.ts", import.meta.url))),
      shared(),
      shared(),
      shapes,
    );
    // The replica's dropout draws from its own seed; its weights are overwritten before every batch.
    await w.client.request(
      {
        type: "init",
        backend: tf.getBackend() as BackendName,
        V,
        M,
        params: { ...params, seed: params.seed + 1000 },
        weights: w.weights,
        grads: w.grads,
      },
      "ready",
    );
    return w;
  }

  /** The loss of `seqs` at `weights` (the model's, now); its gradients are then readGradients'. */
  async gradients(
    weights: tf.Tensor[],
    seqs: Sequence[],
    denominator: number,
    sample?: ColumnSample,
  ): Promise<number> {
    copyTensorsInto(weights, this.weights);
    return (await this.client.request({ type: "step", seqs, denominator, sample }, "grads")).loss;
  }

  /** The last reply's gradients as tensors; read them before the next request overwrites them. */
  readGradients(): tf.Tensor[] {
    return unflattenTensors(this.grads, this.shapes);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
