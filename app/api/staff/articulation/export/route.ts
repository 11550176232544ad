import { getDb } from "@/lib/db/client";
import { currentStaff } from "@/lib/auth/session";
import { recordAudit, requestOrigin } from "@/lib/auth/audit";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { readFields } from "@/lib/http/read-body";
import { resolveArticulationScope } from "@/lib/queries/articulation";
import { exportDecisions } from "@/lib/queries/articulation-staff";
import { articulationExportSchema } from "@/lib/validations/articulation";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 1024;

/**
 * The articulation decisions between two institutions as CSV, for signed-in staff, as a POST from
 * /staff/articulation (like the other exports: logged, and refusals audited).
 */
export const POST = route(async (req) => {
  const db = getDb();
  const origin = requestOrigin(req);
  const staff = await currentStaff(db);
  if (!staff) {
    await recordAudit(db, { event: "export-refused", actor: "", detail: "articulation", ...origin });
    throw new AppError("unauthorized", "Sign in as staff to download exports");
  }
  const f = articulationExportSchema.parse((await readFields(req, MAX_BODY_BYTES)).fields);
  const scope = await resolveArticulationScope(db, f.from, f.to);
  const file = await exportDecisions(db, scope, staff, origin);
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
});

/** Downloads are POSTs; a GET (a link, a prefetch) changes and logs nothing. */
export const GET = route(() => {
  throw new AppError("method_not_allowed", "The export is downloaded with a POST from /staff/articulation");
});
