import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getStaffSession, SessionNotConfiguredError } from "@/lib/auth/session";
import { signInStaff } from "@/lib/auth/staff";
import { errorResponse, jsonError } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";

export const dynamic = "force-dynamic";

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
    const result = await signInStaff(getDb(), email, password, clientAddress(req));
    if (!result.ok) {
      if (isForm) return back(`error=${result.reason}`);
      if (result.reason === "invalid") return jsonError(401, "Wrong email or password");
      const res = jsonError(429, `Too many sign-in attempts; try again in ${result.retryAfterSeconds} s`);
      res.headers.set("Retry-After", String(result.retryAfterSeconds));
      return res;
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
