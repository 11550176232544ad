import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getStaffSession, verifyStaffSession } from "@/lib/auth/session";
import { revokeStaffSessions, signInStaff } from "@/lib/auth/staff";
import { recordAudit, requestOrigin } from "@/lib/auth/audit";
import { AppError, isAppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { readFields } from "@/lib/http/read-body";
import { signInRequestSchema, signInResponseSchema, signOutResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

// An email and a password fit in far less; the cap is checked before the body is read.
const MAX_BODY_BYTES = 4 * 1024;

/**
 * Sign in (an HTML form post or JSON). Forms are redirected back, JSON gets JSON (errors included).
 * A body that is not what its content type says is a 400, one over 4 KiB a 413. Every attempt is
 * in the audit trail with the client address and user agent.
 */
export const POST = route(async (req) => {
  let isForm = (req.headers.get("content-type") ?? "").includes("form");
  const back = (q: string) => NextResponse.redirect(new URL(`/staff/sign-in?${q}`, req.url), 303);
  try {
    const body = await readFields(req, MAX_BODY_BYTES);
    isForm = body.isForm;
    let email = body.fields.email ?? "";
    let password = body.fields.password ?? "";
    if (!isForm) {
      const parsed = signInRequestSchema.safeParse(body.fields);
      if (!parsed.success) throw new AppError("invalid_request", "Send {email, password}");
      ({ email, password } = parsed.data);
    }
    const db = getDb();
    const origin = requestOrigin(req);
    const result = await signInStaff(db, email, password, origin.clientAddress);
    await recordAudit(db, {
      event: result.ok ? "sign-in" : result.reason === "rate-limited" ? "sign-in-refused" : "sign-in-failed",
      actor: result.ok ? result.user.email : email.trim().toLowerCase(),
      ...origin,
    });
    if (!result.ok) {
      if (isForm) return back(`error=${result.reason}`);
      throw result.reason === "rate-limited"
        ? new AppError(
            "rate_limited",
            `Too many sign-in attempts; try again in ${result.retryAfterSeconds} s`,
            result.retryAfterSeconds,
          )
        : new AppError("unauthorized", "Wrong email or password");
    }
    const session = await getStaffSession();
    session.userId = result.user.id;
    session.email = result.user.email;
    session.name = result.user.name;
    session.version = result.user.sessionVersion;
    await session.save();
    return isForm
      ? NextResponse.redirect(new URL("/staff/exports", req.url), 303)
      : json(signInResponseSchema, { ok: true, email: result.user.email });
  } catch (err) {
    if (isForm && isAppError(err, "sign_in_unavailable")) return back("error=not-configured");
    throw err;
  }
});

/** Sign out: ends this user's sessions everywhere (a copied cookie stops working too). */
export const DELETE = route(async (req) => {
  const session = await getStaffSession();
  const db = getDb();
  const user = await verifyStaffSession(db, session);
  if (user) {
    await revokeStaffSessions(db, user.id);
    await recordAudit(db, { event: "sign-out", actor: user.email, ...requestOrigin(req) });
  }
  session.destroy();
  return json(signOutResponseSchema, { ok: true });
});
