import type { Db } from "../../lib/db/client";
import { isAppError } from "../../lib/errors";
import { resolveInstitution, type Institution } from "../../lib/institution";

/** The `--institution` option every training, evaluation and export command takes. */
export const INSTITUTION_FLAG = [
  "--institution <code>",
  "the institution (code) whose data to use (default: the primary one, the first imported)",
] as const;

/** The institution `--institution` names (or the primary one); exits 2 saying why when there is none. */
export async function resolveInstitutionFlag(db: Db, code: unknown): Promise<Institution> {
  try {
    return await resolveInstitution(db, typeof code === "string" ? code : undefined);
  } catch (err) {
    if (!isAppError(err)) throw err;
    console.error(`--institution: ${err.message}`);
    await db.$disconnect();
    process.exit(2);
  }
}
