import type { Db } from "../db/client";
import { tf } from "../ml/backend";
import { hashHistories } from "../ml/vocab";
import { predictNextLastStep } from "../ml/rnn/infer";
import { sampledNegatives } from "../ml/rnn/sampled-columns";
import { buildRnn } from "../ml/rnn/model";
import type { RnnParams } from "../ml/rnn/params";
import { trainRnn } from "../ml/rnn/train";
import { serializeWeights } from "../ml/rnn/weights";
import {
  cooccurrenceScores,
  majorAtPointCounts,
  majorAtPointScores,
  popularityScores,
  rankingMetrics,
  transitionCounts,
  type EvalCase,
  type RankingMetrics,
} from "../ml/next-term-eval";
import { termFromOrdinal } from "../ingest/terms";
import { loadHistories } from "./read-corpus";
import { buildRnnData, type RnnData } from "./rnn-data";
import type { RnnResults } from "./run-schemas";
import type { Guard } from "./runs";
import { withRun, type PipelineOptions, type RunResult } from "./with-run";
import { resolveInstitution } from "../institution";
import { activeCourseVectors } from "./vectors";
import { EarlyStopping, VALIDATION_SHARE, validationRecall } from "./rnn-early-stop";

export type RnnJob = RnnParams & {
  minStudents: number;
  minTestStudents: number;
  initFromCourse2vec: boolean;
  guard: number;
  evalEvery: number;
};

export type RnnMetrics = RnnResults["metrics"];
export type RnnBaselines = RnnResults["baselines"];

export type RnnReport = {
  metrics: RnnMetrics;
  baselines: RnnBaselines;
  totalMs: number;
};

export type RnnProgress = {
  phase: (name: string) => void;
  batch: (done: number, total: number, loss: number) => void;
  epoch: (epoch: number, loss: number, recall: number | null, validation?: number) => void;
};

/** The three baselines' scores for every case. */
export function baselineMetrics(data: RnnData): RnnBaselines {
  const V = data.vocab.ids.length;
  const pop = popularityScores(data.train, V);
  const T = transitionCounts(data.train, V);
  const table = majorAtPointCounts(data.train, V);
  const evalWith = (score: (c: EvalCase) => Float32Array) =>
    rankingMetrics(data.cases, data.cases.map(score), data.offered, true);
  return {
    popularity: evalWith(() => pop),
    cooccurrence: evalWith((c) => cooccurrenceScores(c.history, T, V, pop)),
    majorAtPoint: evalWith((c) => majorAtPointScores(c.history, table, V, pop)),
  };
}

/**
 * The model's held-out metrics, taken courses excluded (`model`) and allowed (`modelRaw`), from
 * one pass over the cases that computes the output layer at each history's last step only.
 */
export function modelMetrics(
  model: tf.LayersModel,
  data: RnnData,
): { model: RankingMetrics; modelRaw: RankingMetrics } {
  const scores = predictNextLastStep(
    model,
    data.cases.map((c) => c.history),
    Math.max(1, data.majors.length),
  );
  return {
    model: rankingMetrics(data.cases, scores, data.offered, true),
    modelRaw: rankingMetrics(data.cases, scores, data.offered, false),
  };
}

/** Trains the next-term LSTM, evaluates it against the baselines, stores weights in the db, activates it. */
export async function runRnn(
  db: Db,
  job: RnnJob,
  { backend, progress, signal, histories, institutionId: given }: PipelineOptions<RnnProgress>,
): Promise<RunResult<RnnReport>> {
  const started = performance.now();
  const institutionId = given ?? (await resolveInstitution(db)).id;
  progress.phase("loading enrollments");
  const all = histories ?? (await loadHistories(db, institutionId));
  const dataHash = hashHistories(all);
  const start = { kind: "rnn" as const, institutionId, params: job, dataHash, backend, signal };
  return withRun(db, start, async (runId) => {
    const data = buildRnnData(
      all,
      job.minStudents,
      job.minTestStudents,
      job.patience ? { validationShare: VALIDATION_SHARE, seed: job.seed } : {},
    );
    const V = data.vocab.ids.length;
    const M = Math.max(1, data.majors.length);
    progress.phase(
      `baselines (test term ${termFromOrdinal(data.testTerm).label}, ${data.cases.length} students)`,
    );
    const baselines = baselineMetrics(data);
    const model = buildRnn(V, M, job);
    const stopper = job.patience && data.validation ? new EarlyStopping(job.patience) : null;
    try {
      if (job.initFromCourse2vec)
        await initEmbeddingFromCourse2vec(db, institutionId, model, data, job.embedding);
      progress.phase(`training on ${data.train.length} students, ${V} courses`);
      const history: RnnResults["history"] = [];
      const reports = await trainRnn(model, data.train, V, M, job, {
        // An abort stops training at the next batch (returning false ends the loop).
        onBatch: (done, total, loss) => {
          progress.batch(done, total, loss);
          return !signal?.aborted;
        },
        onEpoch: (r) => {
          const recall =
            job.evalEvery > 0 && r.epoch % job.evalEvery === 0
              ? modelMetrics(model, data).model.recallAt10
              : null;
          const valid = stopper ? validationRecall(model, data) : undefined;
          history.push({
            epoch: r.epoch,
            loss: r.loss,
            recallAt10: recall,
            seconds: r.seconds,
            ...(valid === undefined ? {} : { validationRecallAt10: valid }),
          });
          progress.epoch(r.epoch, r.loss, recall, valid);
          return stopper?.observe(r.epoch, valid!, model);
        },
      });
      signal?.throwIfAborted();
      stopper?.restore(model);
      progress.phase("evaluating");
      const metrics: RnnMetrics = {
        ...modelMetrics(model, data),
        testTerm: termFromOrdinal(data.testTerm).label,
        ...(stopper
          ? {
              earlyStopping: {
                validationTerm: termFromOrdinal(data.validation!.term).label,
                validationStudents: data.validation!.cases.length,
                bestEpoch: stopper.bestEpoch,
                epochsRun: reports.length,
                validationRecallAt10: stopper.best,
              },
            }
          : {}),
        vocabSize: V,
        sampledSoftmax: sampledNegatives(job, V),
        trainStudents: data.train.length,
        samplesPerSecond:
          reports.reduce((a, r) => a + r.samples, 0) /
          Math.max(
            1e-9,
            reports.reduce((a, r) => a + r.seconds, 0),
          ),
      };
      progress.phase("writing");
      const weights = serializeWeights(model);
      const metadata = {
        vocab: data.vocab.ids,
        majors: data.majors,
        shapes: weights.shapes,
        params: job,
        testTerm: data.testTerm,
      };
      await db.$transaction([
        db.modelArtifact.create({ data: { runId, name: "weights", data: new Uint8Array(weights.data) } }),
        db.modelArtifact.create({
          data: { runId, name: "metadata", data: new Uint8Array(Buffer.from(JSON.stringify(metadata))) },
        }),
      ]);
      const guard: Guard = (active) => {
        const prev = active?.kind === "rnn" ? active.results?.metrics.model.recallAt10 : undefined;
        return prev !== undefined && metrics.model.recallAt10 < prev - job.guard
          ? `recall@10 ${metrics.model.recallAt10.toFixed(3)} is more than ${job.guard} below the active run's ${prev.toFixed(3)}`
          : null;
      };
      const totalMs = performance.now() - started;
      return {
        finish: { metrics, baselines, history, durationMs: totalMs },
        guard,
        report: { metrics, baselines, totalMs },
      };
    } finally {
      stopper?.dispose();
      model.dispose();
    }
  });
}

/** Starts the course embedding from the active course2vec vectors (courses both models know). */
async function initEmbeddingFromCourse2vec(
  db: Db,
  institutionId: number,
  model: tf.LayersModel,
  data: RnnData,
  dim: number,
): Promise<void> {
  const vectors = await activeCourseVectors(db, institutionId);
  if (!vectors || vectors.dim !== dim)
    throw new Error(
      `--init-from-course2vec needs an active course2vec run with ${dim}-d vectors (--embedding must match)`,
    );
  const layer = model.getLayer("course_embedding");
  const [kernel] = layer.getWeights();
  const values = (kernel!.arraySync() as number[][]).map((row) => [...row]);
  data.vocab.ids.forEach((id, i) => {
    const v = vectors.byCourse.get(id);
    if (v) values[i] = Array.from(v);
  });
  const init = tf.tensor2d(values);
  layer.setWeights([init]);
  init.dispose();
}
