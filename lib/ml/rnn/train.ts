import { tf, type BackendName } from "../backend";
import { createRng } from "../../random";
import { bucketBatches, targetSteps, type Sequence } from "../sequences";
import { startTsWorker, trainingThreads, WorkerClient } from "../worker";
import { batchGradients } from "./gradients";
import type { RnnParams } from "./params";
import type { RnnReply, RnnRequest } from "./train-protocol";
import { flattenTensors, unflattenTensors } from "./weights";

export type EpochReport = { epoch: number; loss: number; samples: number; seconds: number };

/** How many threads trainRnn uses for these parameters on the current backend (never more than 2: one worker). */
export function rnnThreads(p: Pick<RnnParams, "threads">, V: number): number {
  return Math.min(2, trainingThreads(p.threads, V));
}

/** The worker's share of each batch when training on two threads: it also loads the weights and flattens its gradients. */
const WORKER_SHARE = 0.45;

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
 * the same model for the same thread count.
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
  const helper = threads > 1 ? await RnnWorker.start(V, M, p) : null;
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
  const layerVars = model.trainableWeights;
  let stop = false;
  try {
    for (let epoch = 1; epoch <= p.epochs && !stop; epoch++) {
      const t0 = performance.now();
      let lossSum = 0;
      let batches = 0;
      for (const group of bucketBatches(usable, p.batchSize, rng.shuffle)) {
        const [mine, theirs] = helper && group.length > 1 ? splitBatch(group) : [group, []];
        const denominator = targetSteps(group);
        const remote = theirs.length
          ? helper!.gradients(flattenTensors(layerVars.map((w) => w.read())), theirs, denominator)
          : null;
        remote?.catch(() => {}); // awaited below; this only keeps a failure here from going unhandled
        const local = batchGradients(model, mine, M, denominator, p.labelSmoothing);
        const other = remote ? await remote : null;
        const value = local.loss.dataSync()[0]! + (other?.loss ?? 0);
        setLearningRate(
          optimizer,
          stepLearningRate(p, batches + (epoch - 1) * perEpoch, perEpoch * p.epochs),
        );
        tf.tidy(() => {
          const remoteGrads = other
            ? unflattenTensors(
                other.grads,
                layerVars.map((w) => w.shape as number[]),
              )
            : [];
          optimizer.applyGradients(
            layerVars.map((w, i) => ({
              name: (w.read() as tf.Variable).name,
              tensor: other ? local.grads[i]!.add(remoteGrads[i]!) : local.grads[i]!,
            })),
          );
        });
        tf.dispose([local.loss, ...local.grads]);
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

/** batchGradients on a worker thread (train-worker.ts) with a replica of the model. */
class RnnWorker {
  private constructor(private readonly client: WorkerClient<RnnRequest, RnnReply>) {}

  static async start(V: number, M: number, params: RnnParams): Promise<RnnWorker> {
    const w = new RnnWorker(
      new WorkerClient("rnn", startTsWorker(new URL("./train-worker.ts", import.meta.url))),
    );
    // The replica's dropout draws from its own seed; its weights are overwritten before every batch.
    await w.client.request(
      {
        type: "init",
        backend: tf.getBackend() as BackendName,
        V,
        M,
        params: { ...params, seed: params.seed + 1000 },
      },
      "ready",
    );
    return w;
  }

  gradients(
    weights: Float32Array,
    seqs: Sequence[],
    denominator: number,
  ): Promise<{ grads: Float32Array; loss: number }> {
    return this.client.request({ type: "step", weights, seqs, denominator }, "grads", [
      weights.buffer as ArrayBuffer,
    ]);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
