import { getDb } from "@/lib/db/client";
import { BadRequestError, respond } from "@/lib/http";
import { exploreCourses } from "@/lib/queries/explore";
import { exploreRequestSchema, exploreResponseSchema } from "@/lib/validations/explore";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 32 * 1024;

/** "Surprise me": courses outside the sender's subjects, near what they took, unusual for their major. Not logged or stored. */
export async function POST(req: Request) {
  return respond(exploreResponseSchema, async () => {
    const text = await req.text();
    if (text.length > MAX_BODY_BYTES)
      throw new BadRequestError(`Request body larger than ${MAX_BODY_BYTES / 1024} KiB`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadRequestError("Request body is not valid JSON");
    }
    const r = exploreRequestSchema.parse(body);
    return { courses: await exploreCourses(getDb(), r.taken, r.majors, r.limit) };
  });
}
