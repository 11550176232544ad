import { getIronSession, type SessionOptions } from "iron-session";
import { cookies } from "next/headers";
import { getDb, type Db } from "../db/client";
import { env, type Env } from "../env";
import { AppError } from "../errors";

/** What the sealed cookie holds; `version` must equal the user's sessionVersion to count. */
export type StaffSession = { userId?: number; email?: string; name?: string; version?: number };

export type StaffUserRef = { id: number; email: string; name: string };

const notConfigured = () =>
  new AppError(
    "sign_in_unavailable",
    "Staff sign-in is not configured: set SESSION_SECRET (32+ characters) for the web server",
  );

/**
 * Staff sessions are iron-session sealed cookies (encrypted and signed with SESSION_SECRET), 8
 * hours, HttpOnly, SameSite=Lax. In production the cookie is Secure and `__Host-`-prefixed, so the
 * browser only accepts it from this exact host over HTTPS with Path=/ (no subdomain can set or
 * shadow it). Every staff request also checks the user's session version in the database, so a
 * sign-out, a password reset or `staff:remove` ends every copy of the cookie at once.
 */
export function sessionOptions(e: Pick<Env, "SESSION_SECRET" | "NODE_ENV"> = env): SessionOptions {
  if (!e.SESSION_SECRET) throw notConfigured();
  const production = e.NODE_ENV === "production";
  return {
    password: e.SESSION_SECRET,
    cookieName: production ? "__Host-atlas_staff" : "atlas_staff",
    ttl: 8 * 3600,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: production, path: "/" },
  };
}

export async function getStaffSession() {
  return getIronSession<StaffSession>(await cookies(), sessionOptions());
}

/** The staff user a session stands for, if the user still exists and has not revoked it. */
export async function verifyStaffSession(db: Db, s: StaffSession): Promise<StaffUserRef | null> {
  if (!s.userId || s.version === undefined) return null;
  const user = await db.staffUser.findUnique({
    where: { id: s.userId },
    select: { id: true, email: true, name: true, sessionVersion: true },
  });
  return user && user.sessionVersion === s.version
    ? { id: user.id, email: user.email, name: user.name }
    : null;
}

/** The signed-in staff user, or null. */
export async function currentStaff(db: Db = getDb()): Promise<StaffUserRef | null> {
  if (!env.SESSION_SECRET) return null;
  return verifyStaffSession(db, await getStaffSession());
}
