import { getIronSession, type SessionOptions } from "iron-session";
import { cookies } from "next/headers";
import { env } from "../env";
import { AppError } from "../errors";

export type StaffSession = { userId?: number; email?: string; name?: string };

const notConfigured = () =>
  new AppError(
    "sign_in_unavailable",
    "Staff sign-in is not configured: set SESSION_SECRET (32+ characters) for the web server",
  );

/**
 * Staff sessions are iron-session sealed cookies (encrypted and signed with SESSION_SECRET):
 * stateless, so any number of web instances behind a load balancer accept them. HttpOnly,
 * SameSite=Lax, Secure in production, 8 hours.
 */
export function sessionOptions(): SessionOptions {
  if (!env.SESSION_SECRET) throw notConfigured();
  return {
    password: env.SESSION_SECRET,
    cookieName: "atlas_staff",
    ttl: 8 * 3600,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: env.NODE_ENV === "production", path: "/" },
  };
}

export async function getStaffSession() {
  return getIronSession<StaffSession>(await cookies(), sessionOptions());
}

/** The signed-in staff user, or null. */
export async function currentStaff(): Promise<{ id: number; email: string; name: string } | null> {
  if (!env.SESSION_SECRET) return null;
  const s = await getStaffSession();
  return s.userId && s.email ? { id: s.userId, email: s.email, name: s.name ?? s.email } : null;
}
