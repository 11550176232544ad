import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { json, route } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { readJsonBody } from "@/lib/http/read-body";
import { planCourses } from "@/lib/queries/plan";
import { planRequestSchema, planResponseSchema } from "@/lib/validations/plan";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** A multi-term plan for a history sent in the body. The request is neither logged nor stored. */
export const POST = route(async (req) => {
  await enforceRateLimit(getDb(), "plan", clientAddress(req));
  // Size-checked before it is read: a larger body is a 413 without being buffered.
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  const inst = (await requestInstitution(req)).id;
  const { plan: _stats, ...answer } = await planCourses(getDb(), inst, planRequestSchema.parse(body));
  return json(planResponseSchema, answer);
});
