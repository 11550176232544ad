import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { json, route } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { publishDirectRoute } from "@/lib/http/direct-route";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { readJsonBody } from "@/lib/http/read-body";
import { recommendCourses } from "@/lib/queries/recommend";
import { recommendRequestSchema, recommendResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** Next-term recommendations for a history sent in the body. The request is neither logged nor stored. */
export const POST = route(async (req) => {
  await enforceRateLimit(getDb(), "recommend", clientAddress(req));
  // Size-checked before it is read: a larger body is a 413 without being buffered.
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  const inst = (await requestInstitution(req)).id;
  return json(
    recommendResponseSchema,
    await recommendCourses(getDb(), inst, recommendRequestSchema.parse(body)),
  );
});

// The launcher answers later recommend POSTs of this process with this same handler, past Next's
// router (lib/http/direct-route.ts).
publishDirectRoute("POST", "/api/recommend", POST);
