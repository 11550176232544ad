import { z } from "zod";

/** `GET /api/map`: every course with a vector, where the map places it (coordinates in [-1, 1]). */
export const mapResponseSchema = z.object({
  points: z.array(
    z.object({ code: z.string(), title: z.string(), subject: z.string(), x: z.number(), y: z.number() }),
  ),
});
export type MapResponse = z.infer<typeof mapResponseSchema>;
