import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import { RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db/client";
import { getLimiter, retryAfterSeconds, type Limiter } from "../http/rate-limit";

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

/**
 * Sign-in attempts per email and per client address in 15 minutes, and failed attempts per minute
 * across all clients (a ceiling on password guessing spread over many addresses).
 */
export const RATE_LIMIT = { windowSeconds: 15 * 60, perEmail: 5, perClient: 20, failuresPerMinute: 100 };

export type SignInResult =
  | { ok: true; user: { id: number; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "rate-limited"; retryAfterSeconds?: number };

const GLOBAL_KEY = "all";

/**
 * Checks a staff sign-in. Every attempt is counted before the password is checked (increment, then
 * check: parallel attempts cannot get past the limit between a read and a write): at most 5 per email
 * and 20 per client address in 15 minutes, and 100 failures a minute in all; past a limit every
 * attempt is refused, even with the right password, until its window ends. A success clears its
 * email's count and takes itself off the other two, so they count failures. The counts live in the
 * database, so every web instance enforces the same ones.
 */
export async function signInStaff(
  db: Db,
  email: string,
  password: string,
  client: string,
  limits = RATE_LIMIT,
): Promise<SignInResult> {
  const e = email.trim().toLowerCase().slice(0, 200);
  const { windowSeconds, perEmail, perClient, failuresPerMinute } = limits;
  const byEmail = getLimiter(db, "sign-in-email", perEmail, windowSeconds);
  const byClient = getLimiter(db, "sign-in-client", perClient, windowSeconds);
  const global = getLimiter(db, "sign-in-failures", failuresPerMinute, 60);
  const counted: [Limiter, string][] = [
    [global, GLOBAL_KEY],
    [byClient, client.slice(0, 100)],
    [byEmail, e],
  ];
  for (const [limiter, key] of counted) {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      return { ok: false, reason: "rate-limited", retryAfterSeconds: retryAfterSeconds(err) };
    }
  }
  const user = await db.staffUser.findUnique({ where: { email: e } });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
  const valid = await verify(user?.passwordHash ?? (await dummyHash()), password.slice(0, 200)).catch(
    () => false,
  );
  if (!user || !valid) return { ok: false, reason: "invalid" };
  await byEmail.delete(e);
  await byClient.reward(counted[1]![1]);
  await global.reward(GLOBAL_KEY);
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion },
  };
}

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hash("no user has this password"));
