import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { json, route } from "@/lib/http";
import { readJsonBody } from "@/lib/http/read-body";
import { exploreCourses } from "@/lib/queries/explore";
import { exploreRequestSchema, exploreResponseSchema } from "@/lib/validations/explore";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 32 * 1024;

/** "Surprise me": courses outside the sender's subjects, near what they took, unusual for their major. Not logged or stored. */
export const POST = route(async (req) => {
  // Size-checked before it is read: a larger body is a 413 without being buffered.
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  const r = exploreRequestSchema.parse(body);
  const inst = (await requestInstitution(req)).id;
  return json(exploreResponseSchema, {
    courses: await exploreCourses(getDb(), inst, r.taken, r.majors, r.limit),
  });
});
