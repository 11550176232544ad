import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { getStaffSession } from "@/lib/auth/session";
import { signInStaff } from "@/lib/auth/staff";
import { AppError, isAppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { signInRequestSchema, signInResponseSchema, signOutResponseSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

function clientKey(req: Request): string {
  return (
    req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "direct"
  );
}

/** Sign in (an HTML form post or JSON). Forms are redirected back, JSON gets JSON (errors included). */
export const POST = route(async (req) => {
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
      const body = signInRequestSchema.safeParse(await req.json().catch(() => null));
      if (!body.success) throw new AppError("invalid_request", "Send {email, password}");
      ({ email, password } = body.data);
    }
    const result = await signInStaff(getDb(), email, password, clientKey(req));
    if (!result.ok) {
      if (isForm) return back(`error=${result.reason}`);
      throw result.reason === "rate-limited"
        ? new AppError("rate_limited", "Too many failed attempts; wait 15 minutes")
        : new AppError("unauthorized", "Wrong email or password");
    }
    const session = await getStaffSession();
    session.userId = result.user.id;
    session.email = result.user.email;
    session.name = result.user.name;
    await session.save();
    return isForm
      ? NextResponse.redirect(new URL("/staff/exports", req.url), 303)
      : json(signInResponseSchema, { ok: true, email: result.user.email });
  } catch (err) {
    if (isForm && isAppError(err, "sign_in_unavailable")) return back("error=not-configured");
    throw err;
  }
});

/** Sign out. */
export const DELETE = route(async () => {
  (await getStaffSession()).destroy();
  return json(signOutResponseSchema, { ok: true });
});
