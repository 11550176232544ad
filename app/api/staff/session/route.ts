import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getStaffSession, SessionNotConfiguredError, verifyStaffSession } from "@/lib/auth/session";
import { revokeStaffSessions, signInStaff } from "@/lib/auth/staff";
import { recordAudit, requestOrigin } from "@/lib/auth/audit";
import { errorResponse, jsonError } from "@/lib/http";
import { readFields } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

// An email and a password fit in far less; the cap is checked before the body is read.
const MAX_BODY_BYTES = 4 * 1024;

/** Sign in (an HTML form post or JSON). Redirects forms back to the page they came for. */
export async function POST(req: Request) {
  const back = (q: string) => NextResponse.redirect(new URL(`/staff/sign-in?${q}`, req.url), 303);
  let isForm = (req.headers.get("content-type") ?? "").includes("form");
  try {
    const body = await readFields(req, MAX_BODY_BYTES);
    isForm = body.isForm;
    const { email = "", password = "" } = body.fields;
    if (!isForm && (!email || !password)) return jsonError(400, "Send {email, password}");
    const db = getDb();
    const origin = requestOrigin(req);
    const result = await signInStaff(db, email, password, origin.clientAddress);
    await recordAudit(db, {
      event: result.ok ? "sign-in" : result.reason === "rate-limited" ? "sign-in-refused" : "sign-in-failed",
      actor: result.ok ? result.user.email : email.trim().toLowerCase(),
      ...origin,
    });
    if (!result.ok) {
      const message =
        result.reason === "rate-limited"
          ? "Too many failed attempts; wait 15 minutes"
          : "Wrong email or password";
      return isForm
        ? back(`error=${result.reason}`)
        : jsonError(result.reason === "rate-limited" ? 429 : 401, message);
    }
    const session = await getStaffSession();
    session.userId = result.user.id;
    session.email = result.user.email;
    session.name = result.user.name;
    session.version = result.user.sessionVersion;
    await session.save();
    return isForm
      ? NextResponse.redirect(new URL("/staff/exports", req.url), 303)
      : NextResponse.json({ ok: true, email: result.user.email });
  } catch (err) {
    if (err instanceof SessionNotConfiguredError)
      return isForm ? back("error=not-configured") : jsonError(503, err.message);
    return errorResponse(err);
  }
}

/** Sign out: ends this user's sessions everywhere (a copied cookie stops working too). */
export async function DELETE(req: Request) {
  try {
    const session = await getStaffSession();
    const db = getDb();
    const user = await verifyStaffSession(db, session);
    if (user) {
      await revokeStaffSessions(db, user.id);
      await recordAudit(db, { event: "sign-out", actor: user.email, ...requestOrigin(req) });
    }
    session.destroy();
    return NextResponse.json({ ok: true });
  } catch (err) {
    if (err instanceof SessionNotConfiguredError) return jsonError(503, err.message);
    return errorResponse(err);
  }
}
