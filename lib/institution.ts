import { z } from "zod";
import type { Db } from "./db/client";
import type { Tx } from "./db/bulk";
import { AppError } from "./errors";

/** Short upper-case codes: `UNIV`, `CC`, `UC-BERKELEY`. */
export const INSTITUTION_CODE = /^[A-Z][A-Z0-9_-]{0,15}$/;
export const institutionCodeSchema = z
  .string()
  .regex(
    INSTITUTION_CODE,
    "an institution code is 1-16 upper-case letters, digits, - or _, starting with a letter",
  );

/** What a command without `--institution` creates when the database has no institution yet. */
export const PRIMARY_CODE = "UNIV";
export const PRIMARY_NAME = "University";

export type Institution = { id: number; code: string; name: string };

/** What pages and answers read in a database nothing was imported into yet: it matches no row. */
export const NO_INSTITUTION: Institution = { id: 0, code: PRIMARY_CODE, name: PRIMARY_NAME };

const select = { id: true, code: true, name: true } as const;

/** Every institution, the primary (first created) first. */
export async function listInstitutions(db: Db): Promise<Institution[]> {
  return db.institution.findMany({ select, orderBy: { id: "asc" } });
}

/** The primary institution: the first created. Null in a database nothing was imported into. */
export async function findPrimaryInstitution(db: Tx): Promise<Institution | null> {
  return db.institution.findFirst({ select, orderBy: { id: "asc" } });
}

export async function findInstitution(db: Tx, code: string): Promise<Institution | null> {
  return db.institution.findUnique({ where: { code }, select });
}

/**
 * The institution a command or request names, or the primary one when it names none. A malformed
 * code is an invalid_request, an unknown one (or none at all in an empty database) not_found.
 */
export async function resolveInstitution(db: Db, code?: string): Promise<Institution> {
  if (code === undefined) {
    const primary = await findPrimaryInstitution(db);
    if (!primary) throw new AppError("not_found", "No institution yet: import one first (npm run import)");
    return primary;
  }
  const parsed = institutionCodeSchema.safeParse(code);
  if (!parsed.success)
    throw new AppError(
      "invalid_request",
      `Institution "${code.slice(0, 40)}": ${parsed.error.issues[0]!.message}`,
    );
  const found = await findInstitution(db, parsed.data);
  if (!found) throw new AppError("not_found", `No institution with code "${parsed.data}"`);
  return found;
}

export type InstitutionChoice = { code?: string; name?: string };

/**
 * Which institution an import writes to: the named code, else the primary one's, else (an empty
 * database) UNIV; `existing` is null when it is still to be created. Checks code and name.
 */
export async function chooseImportInstitution(
  db: Tx,
  choice: InstitutionChoice = {},
): Promise<{ code: string; name?: string; existing: Institution | null }> {
  const code = choice.code ?? (await findPrimaryInstitution(db))?.code ?? PRIMARY_CODE;
  const parsed = institutionCodeSchema.safeParse(code);
  if (!parsed.success)
    throw new AppError(
      "invalid_request",
      `Institution "${code.slice(0, 40)}": ${parsed.error.issues[0]!.message}`,
    );
  const name = choice.name?.trim();
  if (choice.name !== undefined && !name)
    throw new AppError("invalid_request", "The institution name is empty");
  if (name && name.length > 200)
    throw new AppError("invalid_request", "The institution name is over 200 characters");
  return { code: parsed.data, name, existing: await findInstitution(db, parsed.data) };
}

/** Creates the institution (or renames it when a name is given); run inside the import's transaction. */
export async function ensureInstitution(db: Tx, code: string, name?: string): Promise<Institution> {
  return db.institution.upsert({
    where: { code },
    create: { code, name: name ?? (code === PRIMARY_CODE ? PRIMARY_NAME : code) },
    update: name ? { name } : {},
    select,
  });
}
