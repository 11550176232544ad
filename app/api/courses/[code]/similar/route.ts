import { getDb } from "@/lib/db/client";
import { decodeSegment, queryObject } from "@/lib/http";
import { respondCached } from "@/lib/http/cache-headers";
import { findSimilarCourses } from "@/lib/queries/courses";
import { RecommendError } from "@/lib/queries/recommend";
import { similarParamsSchema, similarResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ code: string }> }) {
  return respondCached(req, similarResponseSchema, async () => {
    const { code } = await ctx.params;
    const p = similarParamsSchema.parse(queryObject(req.url));
    const result = await findSimilarCourses(getDb(), decodeSegment(code), {
      limit: p.limit,
      otherSubjects: p.otherSubjects,
      levelRank: p.level,
      withReasons: false,
    });
    if (!result) throw new RecommendError("No course2vec model has been trained yet", 503);
    return {
      course: { code: result.course.code, title: result.course.title, subject: result.course.subject },
      similar: result.similar.map((s) => ({
        code: s.code,
        title: s.title,
        subject: s.subject,
        similarity: Number(s.similarity.toFixed(4)),
      })),
    };
  });
}
