import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import type { Db } from "../db/client";

export const staffUserSchema = z.object({
  email: z
    .email("must be an email address")
    .max(200)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, "must not be empty").max(200),
  password: z.string().min(12, "must be at least 12 characters").max(200),
});

/**
 * Creates (or, with `replace`, resets) a staff user. Passwords are stored only as Argon2id hashes;
 * a reset raises the session version, so sessions signed in with the old password end.
 */
export async function addStaffUser(
  db: Db,
  input: { email: string; name: string; password: string },
  replace = false,
): Promise<{ id: number; email: string }> {
  const u = staffUserSchema.parse(input);
  const passwordHash = await hash(u.password);
  const existing = await db.staffUser.findUnique({ where: { email: u.email } });
  if (existing && !replace)
    throw new Error(`A staff user ${u.email} exists already (use --replace to reset the password)`);
  const user = existing
    ? await db.staffUser.update({
        where: { id: existing.id },
        data: { name: u.name, passwordHash, sessionVersion: { increment: 1 } },
      })
    : await db.staffUser.create({ data: { email: u.email, name: u.name, passwordHash } });
  return { id: user.id, email: user.email };
}

/** Ends every session of a user (sign-out, or an administrator's revocation). */
export async function revokeStaffSessions(db: Db, userId: number): Promise<void> {
  await db.staffUser.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** Deletes a staff user; their sessions end with them (the export log keeps the email as actor). */
export async function removeStaffUser(db: Db, email: string): Promise<boolean> {
  const { count } = await db.staffUser.deleteMany({ where: { email: email.trim().toLowerCase() } });
  return count > 0;
}

export const RATE_LIMIT = { windowMs: 15 * 60_000, perEmail: 5, perClient: 20 };

export type SignInResult =
  | { ok: true; user: { id: number; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "rate-limited" };

async function isLimited(db: Db, key: string, max: number, now: Date): Promise<boolean> {
  const row = await db.signInAttempt.findUnique({ where: { key } });
  return !!row && now.getTime() - row.windowStart.getTime() < RATE_LIMIT.windowMs && row.failures >= max;
}

async function recordFailure(db: Db, key: string, now: Date): Promise<void> {
  const row = await db.signInAttempt.findUnique({ where: { key } });
  if (!row || now.getTime() - row.windowStart.getTime() >= RATE_LIMIT.windowMs) {
    await db.signInAttempt.upsert({
      where: { key },
      create: { key, failures: 1, windowStart: now },
      update: { failures: 1, windowStart: now },
    });
  } else {
    await db.signInAttempt.update({ where: { key }, data: { failures: { increment: 1 } } });
  }
}

/**
 * Checks a staff sign-in. At most 5 failures per email and 20 per client address in 15 minutes;
 * past that every attempt is refused (even a right password) until the window ends. The limits live
 * in the database, so every web instance enforces the same count.
 */
export async function signInStaff(
  db: Db,
  email: string,
  password: string,
  client: string,
  now = new Date(),
): Promise<SignInResult> {
  const e = email.trim().toLowerCase().slice(0, 200);
  const keys = [`email:${e}`, `client:${client.slice(0, 100)}`];
  if (
    (await isLimited(db, keys[0]!, RATE_LIMIT.perEmail, now)) ||
    (await isLimited(db, keys[1]!, RATE_LIMIT.perClient, now))
  )
    return { ok: false, reason: "rate-limited" };
  const user = await db.staffUser.findUnique({ where: { email: e } });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
  const valid = await verify(user?.passwordHash ?? (await dummyHash()), password.slice(0, 200)).catch(
    () => false,
  );
  if (!user || !valid) {
    for (const k of keys) await recordFailure(db, k, now);
    return { ok: false, reason: "invalid" };
  }
  await db.signInAttempt.deleteMany({ where: { key: keys[0]! } });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion },
  };
}

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hash("no user has this password"));
