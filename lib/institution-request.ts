import { cookies } from "next/headers";
import { cache } from "react";
import { getDb, type Db } from "./db/client";
import { currentModelVersion } from "./queries/cache";
import {
  INSTITUTION_CODE,
  NO_INSTITUTION,
  listInstitutions,
  resolveInstitution,
  type Institution,
} from "./institution";

/** The cookie the header's switcher sets: which institution the pages show. */
export const INSTITUTION_COOKIE = "atlas_inst";

// An institution is created only by an import, and the last import is part of the model version that
// every instance already polls (lib/queries/cache.ts), so the list is kept until that version moves.
const lists = new WeakMap<Db, { version: string; list: Promise<Institution[]> }>();

/** Every institution (primary first), as of this instance's current model version. */
export async function listKnownInstitutions(db: Db = getDb()): Promise<Institution[]> {
  const version = await currentModelVersion(db);
  const hit = lists.get(db);
  if (hit?.version === version) return hit.list;
  const list = listInstitutions(db);
  lists.set(db, { version, list });
  list.catch(() => lists.delete(db));
  return list;
}

/**
 * The institution the pages show: the one the `atlas_inst` cookie names, else (missing, malformed
 * or unknown) the primary one; in a database with no institution yet, one that matches no rows.
 * Once per request (React's cache), however many components ask.
 */
export const currentInstitution = cache(async (): Promise<Institution> => {
  const code = (await cookies()).get(INSTITUTION_COOKIE)?.value;
  const all = await listKnownInstitutions();
  const named = code && INSTITUTION_CODE.test(code) ? all.find((i) => i.code === code) : undefined;
  return named ?? all[0] ?? NO_INSTITUTION;
});

/**
 * The institution an API request names with `?institution=CODE` (the API ignores the cookie, so its
 * answers stay cacheable by URL): malformed is a 400, unknown a 404, absent the primary one.
 */
export async function requestInstitution(req: Request): Promise<Institution> {
  const code = new URL(req.url).searchParams.get("institution");
  const all = await listKnownInstitutions();
  if (code === null) return all[0] ?? NO_INSTITUTION;
  const known = all.find((i) => i.code === code);
  return known ?? resolveInstitution(getDb(), code);
}
