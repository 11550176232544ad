import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getStaffSession, SessionNotConfiguredError } from "@/lib/auth/session";
import { signInStaff } from "@/lib/auth/staff";
import { errorResponse, jsonError } from "@/lib/http";

export const dynamic = "force-dynamic";

function clientKey(req: Request): string {
  return (
    req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "direct"
  );
}

/** Sign in (an HTML form post or JSON). Redirects forms back to the page they came for. */
export async function POST(req: Request) {
  const isForm = (req.headers.get("content-type") ?? "").includes("form");
  const back = (q: string) => NextResponse.redirect(new URL(`/staff/sign-in?${q}`, req.url), 303);
  try {
    let email = "";
    let password = "";
    if (isForm) {
      const f = await req.formData();
      const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");
      email = text(f.get("email"));
      password = text(f.get("password"));
    } else {
      const body = (await req.json().catch(() => null)) as { email?: unknown; password?: unknown } | null;
      if (!body || typeof body.email !== "string" || typeof body.password !== "string")
        return jsonError(400, "Send {email, password}");
      ({ email, password } = body as { email: string; password: string });
    }
    const result = await signInStaff(getDb(), email, password, clientKey(req));
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

/** Sign out. */
export async function DELETE() {
  try {
    (await getStaffSession()).destroy();
    return NextResponse.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
