import { getDb } from "@/lib/db/client";
import { decodeSegment } from "@/lib/http";
import { respondCached } from "@/lib/http/cache-headers";
import { getCourseDetail } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ code: string }> }) {
  return respondCached(req, null, async () => {
    const { code } = await ctx.params;
    return { course: await getCourseDetail(getDb(), decodeSegment(code)) };
  });
}
