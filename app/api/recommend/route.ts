import { getDb } from "@/lib/db/client";
import { BadRequestError, respond } from "@/lib/http";
import { readBodyText } from "@/lib/http/read-body";
import { recommendCourses } from "@/lib/queries/recommend";
import { recommendRequestSchema, recommendResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** Next-term recommendations for a history sent in the body. The request is neither logged nor stored. */
export async function POST(req: Request) {
  return respond(recommendResponseSchema, async () => {
    const text = await readBodyText(req, MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadRequestError("Request body is not valid JSON");
    }
    return recommendCourses(getDb(), recommendRequestSchema.parse(body));
  });
}
