import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { withModelEtag } from "@/lib/http/cache-headers";
import { decodeSegment, json, route } from "@/lib/http";
import { findRelatedSubjects, getSubject } from "@/lib/queries/subjects";
import { relatedResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export const GET = route(
  withModelEtag<{ code: string }>(async (req, ctx) => {
    const { code } = await ctx.params;
    const inst = (await requestInstitution(req)).id;
    const db = getDb();
    const subject = await getSubject(db, inst, decodeSegment(code));
    const related = await findRelatedSubjects(db, inst, subject.code);
    return json(relatedResponseSchema, {
      subject: { code: subject.code, name: subject.name },
      related: related.map((r) => ({ code: r.code, name: r.name, score: Number(r.score.toFixed(4)) })),
    });
  }),
);
