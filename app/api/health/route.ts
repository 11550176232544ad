import { getDb } from "@/lib/db/client";
import { json, route } from "@/lib/http";
import { healthResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export const GET = route(async () =>
  json(healthResponseSchema, { ok: true, courses: await getDb().course.count() }),
);
