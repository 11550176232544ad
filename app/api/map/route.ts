import { getDb } from "@/lib/db/client";
import { respond } from "@/lib/http";
import { findMapPoints } from "@/lib/queries/subjects";
import { mapResponseSchema } from "@/lib/validations/map";

export const dynamic = "force-dynamic";

export async function GET() {
  return respond(mapResponseSchema, async () => {
    const points = await findMapPoints(getDb());
    return {
      points: points.map((p) => ({
        code: p.code,
        title: p.title,
        subject: p.subject,
        x: Number(p.x.toFixed(4)),
        y: Number(p.y.toFixed(4)),
      })),
    };
  });
}
