import { getDb } from "@/lib/db/client";
import { withModelEtag } from "@/lib/http/cache-headers";
import { decodeSegment, json, route } from "@/lib/http";
import { findRelatedSubjects, getSubject } from "@/lib/queries/subjects";
import { relatedResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export const GET = route(
  withModelEtag<{ code: string }>(async (_req, ctx) => {
    const { code } = await ctx.params;
    const db = getDb();
    const subject = await getSubject(db, decodeSegment(code));
    const related = await findRelatedSubjects(db, subject.code);
    return json(relatedResponseSchema, {
      subject: { code: subject.code, name: subject.name },
      related: related.map((r) => ({ code: r.code, name: r.name, score: Number(r.score.toFixed(4)) })),
    });
  }),
);
