import { getDb } from "@/lib/db/client";
import { BadRequestError, respond } from "@/lib/http";
import { planCourses } from "@/lib/queries/plan";
import { planRequestSchema, planResponseSchema } from "@/lib/validations/plan";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** A multi-term plan for a history sent in the body. The request is neither logged nor stored. */
export async function POST(req: Request) {
  return respond(planResponseSchema, async () => {
    const text = await req.text();
    if (text.length > MAX_BODY_BYTES)
      throw new BadRequestError(`Request body larger than ${MAX_BODY_BYTES / 1024} KiB`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadRequestError("Request body is not valid JSON");
    }
    const { plan: _stats, ...answer } = await planCourses(getDb(), planRequestSchema.parse(body));
    return answer;
  });
}
