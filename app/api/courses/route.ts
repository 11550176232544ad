import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { respond, queryObject } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { getCatalog } from "@/lib/queries/catalog";
import { searchCourses } from "@/lib/queries/search";
import { courseSummarySchema, searchParamsSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return respond(z.object({ courses: z.array(courseSummarySchema) }), async () => {
    const { q, limit } = searchParamsSchema.parse(queryObject(req.url));
    await enforceRateLimit(getDb(), "search", clientAddress(req));
    const catalog = await getCatalog(getDb());
    return {
      courses: searchCourses(catalog, q, limit).map((c) => ({
        code: c.code,
        title: c.title,
        subject: c.subjectCode,
        units: c.units,
      })),
    };
  });
}
