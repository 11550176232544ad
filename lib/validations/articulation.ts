import { z } from "zod";
import { institutionCodeSchema } from "../institution";

export const articulationParamsSchema = z.object({
  from: institutionCodeSchema.meta({ description: "the institution the course was taken at (e.g. CC)" }),
  to: institutionCodeSchema
    .optional()
    .meta({ description: "the institution it should count at (default: the primary one)" }),
  course: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(64, "at most 64 characters")
    .meta({ description: "a course code of `from`, e.g. MATH 1" }),
  limit: z.coerce.number().int().min(1, "at least 1").max(10, "at most 10").default(10),
});

const courseRef = z.object({ code: z.string(), title: z.string() });

export const articulationResponseSchema = z.object({
  from: z.object({ institution: z.string(), code: z.string(), title: z.string() }),
  to: z.object({ institution: z.string() }),
  runId: z.number().int().nullable(),
  agreed: z.array(
    courseRef.extend({
      source: z
        .enum(["known", "accepted"])
        .meta({ description: "a known articulation, or accepted by staff here" }),
      decidedAt: z.iso.datetime().nullable(),
    }),
  ),
  candidates: z.array(
    courseRef.extend({
      subject: z.string(),
      rank: z.number().int().min(1),
      score: z
        .number()
        .min(0)
        .max(1)
        .meta({ description: "the model's probability that it counts as this course" }),
      signals: z.record(z.string(), z.number()),
      reasons: z.array(z.string()),
      status: z.enum(["agreed", "rejected", "proposed"]),
    }),
  ),
});
export type ArticulationResponse = z.infer<typeof articulationResponseSchema>;

/** The staff export's form fields. */
export const articulationExportSchema = z.object({
  from: institutionCodeSchema,
  to: institutionCodeSchema.optional(),
});
