import { getDb } from "@/lib/db/client";
import { decodeSegment } from "@/lib/http";
import { respondCached } from "@/lib/http/cache-headers";
import { findRelatedSubjects, getSubject } from "@/lib/queries/subjects";
import { relatedResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ code: string }> }) {
  return respondCached(req, relatedResponseSchema, async () => {
    const { code } = await ctx.params;
    const db = getDb();
    const subject = await getSubject(db, decodeSegment(code));
    const related = await findRelatedSubjects(db, subject.code);
    return {
      subject: { code: subject.code, name: subject.name },
      related: related.map((r) => ({ code: r.code, name: r.name, score: Number(r.score.toFixed(4)) })),
    };
  });
}
