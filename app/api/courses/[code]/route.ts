import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { withModelEtag } from "@/lib/http/cache-headers";
import { decodeSegment, json, route } from "@/lib/http";
import { getCourseDetail } from "@/lib/queries/courses";
import { courseResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export const GET = route(
  withModelEtag<{ code: string }>(async (req, ctx) => {
    const { code } = await ctx.params;
    const inst = (await requestInstitution(req)).id;
    return json(courseResponseSchema, { course: await getCourseDetail(getDb(), inst, decodeSegment(code)) });
  }),
);
