import { createHmac } from "node:crypto";

/**
 * Keyed hash of a registrar's student id. HMAC (not a bare hash of salt + id) so that ids, which are
 * short and guessable, cannot be recovered without the salt, which never enters the database.
 */
export function hashStudentId(rawId: string, salt: string): string {
  return createHmac("sha256", salt).update(rawId.trim()).digest("base64url").slice(0, 32);
}
