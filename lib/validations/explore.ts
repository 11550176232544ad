import { z } from "zod";

const code = z.string().trim().min(1, "must not be empty").max(64, "at most 64 characters");

/** `POST /api/explore`: the courses someone took and their majors; nothing is stored or logged. */
export const exploreRequestSchema = z
  .object({
    taken: z.array(code).min(1, "give at least one course").max(200, "at most 200 courses"),
    majors: z.array(z.string().trim().min(1).max(64)).max(4, "at most 4 majors").default([]),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .strict();

export const exploreResponseSchema = z.object({
  courses: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      subject: z.string(),
      relevance: z.number(),
      unexpectedness: z.number(),
      reasons: z.array(z.string()),
    }),
  ),
});
