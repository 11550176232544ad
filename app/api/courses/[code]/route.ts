import { getDb } from "@/lib/db/client";
import { decodeSegment, respond } from "@/lib/http";
import { getCourseDetail } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ code: string }> }) {
  return respond(null, async () => {
    const { code } = await ctx.params;
    return { course: await getCourseDetail(getDb(), decodeSegment(code)) };
  });
}
