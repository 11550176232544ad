import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { AppError } from "@/lib/errors";
import { withModelEtag } from "@/lib/http/cache-headers";
import { decodeSegment, json, queryObject, route } from "@/lib/http";
import { findSimilarCourses } from "@/lib/queries/courses";
import { similarParamsSchema, similarResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export const GET = route(
  withModelEtag<{ code: string }>(async (req, ctx) => {
    const { code } = await ctx.params;
    const inst = (await requestInstitution(req)).id;
    const p = similarParamsSchema.parse(queryObject(req.url));
    const result = await findSimilarCourses(getDb(), inst, decodeSegment(code), {
      limit: p.limit,
      otherSubjects: p.otherSubjects,
      levelRank: p.level,
      withReasons: false,
    });
    if (!result) throw new AppError("model_unavailable", "No course2vec model has been trained yet");
    return json(similarResponseSchema, {
      course: { code: result.course.code, title: result.course.title, subject: result.course.subject },
      similar: result.similar.map((s) => ({
        code: s.code,
        title: s.title,
        subject: s.subject,
        similarity: Number(s.similarity.toFixed(4)),
      })),
    });
  }),
);
