import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { readBodyText } from "@/lib/http/read-body";
import { planCourses } from "@/lib/queries/plan";
import { planRequestSchema, planResponseSchema } from "@/lib/validations/plan";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** A multi-term plan for a history sent in the body. The request is neither logged nor stored. */
export const POST = route(async (req) => {
  await enforceRateLimit(getDb(), "plan", clientAddress(req));
  // Size-checked before it is read: a larger body is a 413 without being buffered.
  const text = await readBodyText(req, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "Request body is not valid JSON");
  }
  const { plan: _stats, ...answer } = await planCourses(getDb(), planRequestSchema.parse(body));
  return json(planResponseSchema, answer);
});
