import { getDb } from "@/lib/db/client";
import { json, route } from "@/lib/http";
import { withModelEtag } from "@/lib/http/cache-headers";
import { listInstitutionSummaries } from "@/lib/queries/institutions";
import { institutionsResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

/** The institutions this deployment holds (the codes `?institution=` takes), the primary one first. */
export const GET = route(
  withModelEtag(async () =>
    json(institutionsResponseSchema, { institutions: await listInstitutionSummaries(getDb()) }),
  ),
);
