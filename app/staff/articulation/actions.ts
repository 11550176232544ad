"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requestOrigin } from "@/lib/auth/audit";
import { currentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { resolveArticulationScope } from "@/lib/queries/articulation";
import { decideArticulation } from "@/lib/queries/articulation-staff";
import { courseAnchor } from "./anchor";

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/**
 * Accept or reject one proposed pair (a form per row on /staff/articulation; it works without
 * JavaScript). Only a signed-in staff member may; the decision and its audit event are one write.
 */
export async function decideAction(form: FormData): Promise<void> {
  const db = getDb();
  const staff = await currentStaff(db);
  if (!staff) redirect("/staff/sign-in");
  const scope = await resolveArticulationScope(
    db,
    field(form, "fromInstitution"),
    field(form, "toInstitution"),
  );
  // requestOrigin reads the client address and user agent the same way the route handlers do.
  const origin = requestOrigin(new Request("http://server-action/", { headers: await headers() }));
  await decideArticulation(
    db,
    scope,
    {
      from: field(form, "from"),
      to: field(form, "to"),
      status: field(form, "status"),
      note: field(form, "note"),
    },
    staff,
    origin,
  );
  // The redirect may name the page already shown (only the anchor differs): without this the
  // browser would keep the page as it was before the decision.
  revalidatePath("/staff/articulation");
  const back = new URLSearchParams({ from: scope.from.code, subject: field(form, "subject") });
  redirect(`/staff/articulation?${back.toString()}#${courseAnchor(field(form, "from"))}`);
}
