import { getDb } from "@/lib/db/client";
import { json, queryObject, route } from "@/lib/http";
import { getCatalog } from "@/lib/queries/catalog";
import { searchCourses } from "@/lib/queries/search";
import { coursesResponseSchema, searchParamsSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export const GET = route(async (req) => {
  const { q, limit } = searchParamsSchema.parse(queryObject(req.url));
  const catalog = await getCatalog(getDb());
  return json(coursesResponseSchema, {
    courses: searchCourses(catalog, q, limit).map((c) => ({
      code: c.code,
      title: c.title,
      subject: c.subjectCode,
      units: c.units,
    })),
  });
});
