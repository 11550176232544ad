import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { json, route } from "@/lib/http";
import { withModelEtag } from "@/lib/http/cache-headers";
import { findMapPoints } from "@/lib/queries/subjects";
import { mapResponseSchema } from "@/lib/validations/map";

export const dynamic = "force-dynamic";

/** Every mapped course with its place on the map (coordinates in [-1, 1]). */
export const GET = route(
  withModelEtag(async (req) => {
    const inst = (await requestInstitution(req)).id;
    const points = await findMapPoints(getDb(), inst);
    return json(mapResponseSchema, {
      points: points.map((p) => ({
        code: p.code,
        title: p.title,
        subject: p.subject,
        x: Number(p.x.toFixed(4)),
        y: Number(p.y.toFixed(4)),
      })),
    });
  }),
);
