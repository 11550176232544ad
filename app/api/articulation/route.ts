import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { withModelEtag } from "@/lib/http/cache-headers";
import { json, queryObject, route } from "@/lib/http";
import { articulationsFor, findFromCourse, resolveArticulationScope } from "@/lib/queries/articulation";
import { articulationParamsSchema, articulationResponseSchema } from "@/lib/validations/articulation";

export const dynamic = "force-dynamic";

/**
 * What a course of one institution counts as at another: the agreed equivalents (known, or
 * accepted by staff), then the active articulation run's ranked candidates with their scores,
 * per-signal scores and reasons. Decisions change the model version, so the ETag follows them.
 */
export const GET = route(
  withModelEtag(async (req) => {
    const p = articulationParamsSchema.parse(queryObject(req.url));
    const db = getDb();
    const scope = await resolveArticulationScope(db, p.from, p.to);
    const course = await findFromCourse(db, scope, p.course);
    if (!scope.run)
      throw new AppError(
        "model_unavailable",
        `No articulation model from ${scope.from.code} to ${scope.to.code} yet`,
      );
    const [a] = await articulationsFor(db, scope, [course.id], p.limit);
    return json(articulationResponseSchema, {
      from: { institution: scope.from.code, code: course.code, title: course.title },
      to: { institution: scope.to.code },
      runId: scope.run.id,
      agreed: (a?.agreed ?? []).map((g) => ({
        code: g.code,
        title: g.title,
        source: g.source,
        decidedAt: g.decision?.decidedAt.toISOString() ?? null,
      })),
      candidates: (a?.candidates ?? []).map((c) => ({
        code: c.code,
        title: c.title,
        subject: c.subject,
        rank: c.rank,
        score: c.score,
        signals: c.signals,
        reasons: c.reasons,
        status: c.status,
      })),
    });
  }),
);
