import { getDb, type Db } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { json, queryObject, route } from "@/lib/http";
import { withModelEtag } from "@/lib/http/cache-headers";
import { clientAddress } from "@/lib/http/client-address";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { cacheByModel } from "@/lib/queries/cache";
import { getCatalog } from "@/lib/queries/catalog";
import { searchCourses } from "@/lib/queries/search";
import { coursesResponseSchema, searchParamsSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

// Type-ahead asks the same prefixes over and over: answers are kept per import (lib/queries/cache).
const searchSummaries = cacheByModel(
  "searchSummaries",
  async (db: Db, inst: number, q: string, limit: number) =>
    searchCourses(await getCatalog(db, inst), q, limit).map((c) => ({
      code: c.code,
      title: c.title,
      subject: c.subjectCode,
      units: c.units,
    })),
);

export const GET = route(
  withModelEtag(async (req) => {
    const { q, limit } = searchParamsSchema.parse(queryObject(req.url));
    await enforceRateLimit(getDb(), "search", clientAddress(req));
    const inst = (await requestInstitution(req)).id;
    return json(coursesResponseSchema, {
      courses: await searchSummaries(getDb(), inst, q.trim().toLowerCase(), limit),
    });
  }),
);
