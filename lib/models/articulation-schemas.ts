import { z } from "zod";
import type { ArticulationMetrics } from "../ml/articulation/metrics";
import { SIGNALS } from "../ml/articulation/signals";

// What an articulation run stores (ModelRun params/metrics, candidate rows' JSON), checked the
// same way as the other kinds' (run-schemas.ts).

const metric = z
  .number()
  .nullable()
  .transform((v) => v ?? NaN);
const count = z.number().int().min(0);

export const articulationMetricsSchema = z.object({
  courses: count,
  pairs: count,
  recallAt1: metric,
  recallAt5: metric,
  recallAt10: metric,
  mrr: metric,
}) satisfies z.ZodType<ArticulationMetrics>;

const bySignal = z.object({
  enrollment: articulationMetricsSchema,
  description: articulationMetricsSchema,
  combined: articulationMetricsSchema,
});
export type ArticulationEvaluation = z.output<typeof bySignal>;

export const articulationParamsSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  /** The course2vec runs whose vectors were used, per side. */
  fromRunId: z.number().int(),
  toRunId: z.number().int(),
  knownFile: z.string(),
  /** Known pairs: from the file, accepted decisions added, rejected ones removed, and the total. */
  knownFromFile: count,
  acceptedAdded: count,
  rejectedRemoved: count,
  knownPairs: count,
  top: count,
  folds: count,
  seed: z.number().int(),
});
export type ArticulationParams = z.output<typeof articulationParamsSchema>;

const translationSchema = z.object({
  kind: z.enum(["procrustes", "ridge"]),
  dims: count,
  lambda: z.number(),
});

/** `npm run evaluate -- --model articulation --heldout FILE`, recorded on the run it evaluated. */
export const articulationHeldoutSchema = bySignal.extend({
  file: z.string(),
  evaluatedAt: z.iso.datetime(),
  /** Held-out pairs left out because they were known to the run (listed in its known pairs). */
  skippedKnown: count,
});

export const articulationResultsSchema = z.object({
  metrics: z.object({
    /** Cross-validated on the known pairs (folds over their `from` courses). */
    cv: bySignal,
    translation: translationSchema,
    trials: z.array(translationSchema.extend({ mrr: metric, recallAt5: metric })),
    weights: z.record(z.enum(SIGNALS), z.number()),
    fromCourses: count,
    toCourses: count,
    candidates: count,
    heldout: articulationHeldoutSchema.optional(),
  }),
  baselines: z.object({}),
  history: z.array(z.unknown()).max(0),
});

/** One candidate row's JSON columns. */
export const candidateSignalsSchema = z.record(z.enum(SIGNALS), z.number());
export const candidateReasonsSchema = z.array(z.object({ signal: z.enum(SIGNALS), text: z.string() }));
