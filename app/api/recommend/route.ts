import { getDb } from "@/lib/db/client";
import { BadRequestError, respond } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { recommendCourses } from "@/lib/queries/recommend";
import { recommendRequestSchema, recommendResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** Next-term recommendations for a history sent in the body. The request is neither logged nor stored. */
export async function POST(req: Request) {
  return respond(recommendResponseSchema, async () => {
    await enforceRateLimit(getDb(), "recommend", clientAddress(req));
    const text = await req.text();
    if (text.length > MAX_BODY_BYTES)
      throw new BadRequestError(`Request body larger than ${MAX_BODY_BYTES / 1024} KiB`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadRequestError("Request body is not valid JSON");
    }
    return recommendCourses(getDb(), recommendRequestSchema.parse(body));
  });
}
