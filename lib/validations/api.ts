import { z } from "zod";
import { runKindSchema } from "../models/run-schemas";

const code = z.string().trim().min(1, "must not be empty").max(64, "at most 64 characters");

export const searchParamsSchema = z.object({
  q: z.string().max(200, "at most 200 characters").default(""),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const similarParamsSchema = z.object({
  limit: z.coerce.number().int().min(1, "at least 1").max(50, "at most 50").default(10),
  otherSubjects: z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  level: z.coerce.number().int().min(0).max(3).optional(),
});

export const recommendRequestSchema = z
  .object({
    history: z
      .array(
        z
          .object({
            term: z.string().trim().min(1).max(40),
            courses: z.array(code).max(20, "at most 20 courses a term"),
          })
          .strict(),
      )
      .max(40, "at most 40 terms")
      .default([]),
    majors: z.array(z.string().trim().min(1).max(200)).max(4, "at most 4 majors").default([]),
    program: z.string().trim().min(1).max(200).optional(),
    filters: z
      .object({
        preferSubject: z.string().trim().min(1).max(64).optional(),
        offeredNextTerm: z.boolean().default(false),
        requirementsOnly: z.boolean().default(false),
        hideTaken: z.boolean().default(true),
      })
      .strict()
      .default({ offeredNextTerm: false, requirementsOnly: false, hideTaken: true }),
    limit: z.number().int().min(1).max(100).default(10),
  })
  .strict();
export type RecommendRequest = z.infer<typeof recommendRequestSchema>;

export const recommendationSchema = z.object({
  code: z.string(),
  title: z.string(),
  subject: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
});
export const recommendResponseSchema = z.object({
  recommendations: z.array(recommendationSchema),
  nextTerm: z.string().nullable(),
  ignored: z.array(z.string()),
  runId: z.number(),
});
export type RecommendResponse = z.infer<typeof recommendResponseSchema>;

export const courseSummarySchema = z.object({
  code: z.string(),
  title: z.string(),
  subject: z.string(),
  units: z.number().nullable(),
});
export const coursesResponseSchema = z.object({ courses: z.array(courseSummarySchema) });

export const courseRefSchema = z.object({
  code: z.string(),
  title: z.string(),
  subject: z.string(),
  subjectName: z.string(),
});
export type CourseRef = z.infer<typeof courseRefSchema>;
export const courseDetailSchema = courseRefSchema.extend({
  description: z.string(),
  units: z.number().nullable(),
  level: z.string(),
  offered: z.array(z.string()),
  // false: a retired course known only from enrollment histories.
  inCatalog: z.boolean(),
  division: z.string(),
  prerequisites: z.array(courseRefSchema),
  requiredBy: z.array(courseRefSchema),
  crossListings: z.array(courseRefSchema),
});
export type CourseDetail = z.infer<typeof courseDetailSchema>;
export const courseResponseSchema = z.object({ course: courseDetailSchema });
export const similarResponseSchema = z.object({
  course: z.object({ code: z.string(), title: z.string(), subject: z.string() }),
  similar: z.array(
    z.object({ code: z.string(), title: z.string(), subject: z.string(), similarity: z.number() }),
  ),
});
export const relatedResponseSchema = z.object({
  subject: z.object({ code: z.string(), name: z.string() }),
  related: z.array(z.object({ code: z.string(), name: z.string(), score: z.number() })),
});

export const healthResponseSchema = z.object({ ok: z.literal(true), courses: z.number().int() });

export const institutionsResponseSchema = z.object({
  institutions: z.array(
    z.object({
      code: z.string().meta({ description: "what `?institution=` takes" }),
      name: z.string(),
      primary: z.boolean().meta({ description: "the one answers are about when a request names none" }),
      courses: z.number().int().meta({ description: "courses in its catalog" }),
      models: z
        .array(runKindSchema)
        .meta({ description: "the kinds of model it has an active run of (what it can answer)" }),
    }),
  ),
});

export const signInRequestSchema = z.object({ email: z.string(), password: z.string() });
export const signInResponseSchema = z.object({ ok: z.literal(true), email: z.string() });
export const signOutResponseSchema = z.object({ ok: z.literal(true) });

const EXPORT_KIND_VALUES = ["similar", "subjects", "course-subjects", "recommendations"] as const;
export const exportKindSchema = z.enum(EXPORT_KIND_VALUES, {
  error: `kind must be one of ${EXPORT_KIND_VALUES.join(", ")}`,
});
export const exportParamsSchema = z.object({ top: z.coerce.number().int().min(1).max(50).default(10) });
