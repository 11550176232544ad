import { z } from "zod";
import { recommendRequestSchema } from "./api";

const code = z.string().trim().min(1, "must not be empty").max(64, "at most 64 characters");

/**
 * POST /api/plan: the history, majors and program of a recommend request (its filters and limit
 * are about one term's list and have no meaning here), plus the plan's controls.
 */
export const planRequestSchema = recommendRequestSchema
  .omit({ filters: true, limit: true, program: true })
  .extend({
    program: z.string().trim().min(1).max(200),
    maxTerms: z.number().int().min(1, "at least 1").max(16, "at most 16").default(10),
    load: z
      .object({
        min: z.number().min(0).max(40),
        max: z.number().min(1).max(40),
        unit: z.enum(["courses", "units"]).default("courses"),
      })
      .strict()
      .refine((l) => l.min <= l.max, { message: "min must not exceed max" })
      .default({ min: 3, max: 5, unit: "courses" }),
    pinned: z
      .array(z.object({ term: z.string().trim().min(1).max(40), course: code }).strict())
      .max(40, "at most 40 pinned courses")
      .default([]),
    excluded: z.array(code).max(200, "at most 200 excluded courses").default([]),
    /** Courses to take at some point (each becomes a requirement of its own). */
    wanted: z.array(code).max(20, "at most 20 wanted courses").default([]),
    summers: z.boolean().default(false),
  })
  .strict();
export type PlanRequest = z.infer<typeof planRequestSchema>;

export const plannedCourseSchema = z.object({
  code: z.string(),
  title: z.string(),
  subject: z.string(),
  reasons: z.array(z.string()),
});
export const planResponseSchema = z.object({
  terms: z.array(z.object({ term: z.string(), courses: z.array(plannedCourseSchema) })),
  unmet: z.array(z.object({ requirement: z.string(), reason: z.string() })),
  runId: z.number(),
});
export type PlanResponse = z.infer<typeof planResponseSchema>;
