import { z } from "zod";
import type { Course2VecParams } from "../ml/course2vec/params";
import type { Course2VecMetrics } from "../ml/metrics";
import type { RankingMetrics } from "../ml/next-term-eval";
import type { PlanMetrics } from "../plan/evaluate";
import type { RnnParams } from "../ml/rnn/params";
import { articulationParamsSchema, articulationResultsSchema } from "./articulation-schemas";

// What a model run stores as JSON text (ModelRun.params / metrics / baselines / history and the RNN's
// metadata artifact). lib/ml computes these values; each schema is checked against lib/ml's type
// (`satisfies`), so the shape is written once more here only to be validated, never re-declared
// by the readers (pages, CLI, exports), which use the types below.

/** JSON has no NaN (an empty evaluation set): it is stored as null and read back as NaN. */
const metric = z
  .number()
  .nullable()
  .transform((v) => v ?? NaN);
const count = z.number().int().min(0);

export const course2vecParamsSchema = z.looseObject({
  dim: count,
  window: count,
  negatives: count,
  subsample: z.number(),
  steps: count,
  learningRate: z.number(),
  shuffles: count,
  blockRows: count,
  seed: z.number().int(),
  threads: count,
  finalLrRatio: z.number(),
  // Runs stored before β2 was a parameter used Adam's usual 0.999.
  beta2: z.number().default(0.999),
  weightDecay: z.number(),
  lossEvery: count,
  // Runs stored before the SVD start and the stopping rule used neither.
  init: z.enum(["svd", "random"]).default("random"),
  powerIterations: count.default(0),
  svdShift: z.number().default(1),
  svdPower: z.number().default(0.5),
  contextMass: z.number().default(1),
  stopTolerance: z.number().default(0),
  factors: z.array(z.enum(["subject", "major"])),
  minStudents: count,
  topK: count,
  guard: z.number(),
}) satisfies z.ZodType<Course2VecParams>;

export const rnnParamsSchema = z.looseObject({
  units: count,
  layers: count,
  embedding: count,
  dropout: z.number(),
  epochs: count,
  batchSize: count,
  learningRate: z.number(),
  seed: z.number().int(),
  threads: count,
  // Inputs added later (docs/benchmarks.md, "The next-term LSTM: levers"); older runs lack them.
  historyBag: z.boolean().optional(),
  termFeatures: z.boolean().optional(),
  finalLrRatio: z.number().min(0).max(1).optional(),
  patience: count.optional(),
  labelSmoothing: z.number().min(0).max(1).optional(),
  majorTerm: z.boolean().optional(),
  targetWeighting: z.enum(["term", "course"]).optional(),
  minStudents: count,
  minTestStudents: count,
  initFromCourse2vec: z.boolean(),
  guard: z.number(),
  evalEvery: count,
}) satisfies z.ZodType<RnnParams>;

export const course2vecMetricsSchema = z.object({
  courses: count,
  crossListedPairs: count,
  crossListMedianRank: metric,
  crossListTop10: metric,
  subjectPrecisionAt10: metric,
}) satisfies z.ZodType<Course2VecMetrics>;

const course2vecResultsSchema = z.object({
  metrics: course2vecMetricsSchema.extend({
    vocabSize: count,
    countMs: z.number(),
    trainMs: z.number(),
    // Adam steps taken; runs trained before the stopping rule took params.steps.
    steps: count.optional(),
    threads: count,
    // The map's faithfulness (lib/ml/layout-quality.ts); runs trained before it was measured lack it.
    mapNeighbourPreservation: metric.optional(),
    mapCentroidSpearman: z.number().min(-1).max(1).optional(),
  }),
  baselines: z.object({ pmi: course2vecMetricsSchema }),
  history: z.array(z.object({ step: count, loss: z.number() })),
});

const bucketSchema = z.object({ students: count, recallAt10: metric, mrrAt10: metric });
export const rankingMetricsSchema = bucketSchema.extend({
  byPriorTerms: z.record(z.string(), bucketSchema),
}) satisfies z.ZodType<RankingMetrics>;

const planRecallSchema = z.object({ recall: metric, students: count });
const planMetricsSchema = z.object({
  students: count,
  recall: z.object({ "1": planRecallSchema, "2": planRecallSchema, "3": planRecallSchema }),
  validShare: metric,
  violations: count,
  completionShare: metric,
}) satisfies z.ZodType<PlanMetrics>;
const planCutSchema = z.object({
  cutoff: z.string(),
  methods: z.object({
    lstm: planMetricsSchema,
    careerPopularity: planMetricsSchema,
    requirementGreedy: planMetricsSchema,
  }),
});

/** `npm run evaluate -- --model plan`, recorded on the RNN run it planned with (lib/models/plan-evaluation.ts). */
export const planEvaluationSchema = z.object({
  evaluatedAt: z.iso.datetime(),
  testTerm: z.string(),
  clean: planCutSchema,
  threeTerm: planCutSchema,
  lstmPlanMs: z.object({ p50: z.number(), p90: z.number() }),
});
export type StoredPlanEvaluation = z.output<typeof planEvaluationSchema>;

const rnnResultsSchema = z.object({
  metrics: z.object({
    model: rankingMetricsSchema,
    modelRaw: rankingMetricsSchema,
    testTerm: z.string(),
    vocabSize: count,
    // Negatives of the sampled softmax the training loss used (0: the full softmax); older runs lack it (full).
    sampledSoftmax: count.optional(),
    trainStudents: count,
    samplesPerSecond: z.number(),
    // Runs trained with early stopping (params.patience): the epoch whose weights were kept.
    earlyStopping: z
      .object({
        validationTerm: z.string(),
        validationStudents: count,
        bestEpoch: count,
        epochsRun: count,
        validationRecallAt10: metric,
      })
      .optional(),
    // Written later by the plan evaluation; runs it has not planned with lack it.
    plan: planEvaluationSchema.optional(),
  }),
  baselines: z.object({
    popularity: rankingMetricsSchema,
    cooccurrence: rankingMetricsSchema,
    majorAtPoint: rankingMetricsSchema,
  }),
  history: z.array(
    z.object({
      epoch: count,
      loss: z.number(),
      recallAt10: z.number().nullable(),
      seconds: z.number(),
      validationRecallAt10: metric.optional(),
    }),
  ),
});

/** Per kind: its params, and what a finished run stores (metrics, baselines, training curve). */
export const runSchemas = {
  course2vec: { params: course2vecParamsSchema, results: course2vecResultsSchema },
  rnn: { params: rnnParamsSchema, results: rnnResultsSchema },
  articulation: { params: articulationParamsSchema, results: articulationResultsSchema },
} as const;

export type RunKind = keyof typeof runSchemas;
export const runKindSchema = z.enum(["course2vec", "rnn", "articulation"]) satisfies z.ZodType<RunKind>;
export type RunParams<K extends RunKind> = z.output<(typeof runSchemas)[K]["params"]>;
export type RunResults<K extends RunKind> = z.output<(typeof runSchemas)[K]["results"]>;
export type Course2VecResults = RunResults<"course2vec">;
export type RnnResults = RunResults<"rnn">;

/** The RNN's metadata artifact: vocabulary order, majors, weight shapes, the params it was built with. */
export const rnnMetadataSchema = z.object({
  vocab: z.array(z.number().int()),
  majors: z.array(z.string()),
  shapes: z.array(z.array(count)),
  params: rnnParamsSchema,
  testTerm: z.number().int(),
});
export type RnnMetadata = z.output<typeof rnnMetadataSchema>;
