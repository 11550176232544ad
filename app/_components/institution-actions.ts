"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { INSTITUTION_COOKIE, listKnownInstitutions } from "@/lib/institution-request";
import { pathAtInstitution, safeBackPath } from "@/lib/institution-paths";

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The switcher's server action: remembers the chosen institution in the `atlas_inst` cookie and
 * sends the user back to the page they were on, or to the institution's home where that page does
 * not exist there (a course code only the other one has). An unknown code changes nothing.
 */
export async function switchInstitution(form: FormData): Promise<void> {
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const code = field("institution");
  const back = safeBackPath(field("back") || "/");
  const chosen = (await listKnownInstitutions()).find((i) => i.code === code);
  if (!chosen) redirect(back);
  (await cookies()).set(INSTITUTION_COOKIE, chosen.code, {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    secure: env.NODE_ENV === "production",
    maxAge: YEAR_SECONDS,
  });
  redirect(await pathAtInstitution(getDb(), chosen.id, back));
}
