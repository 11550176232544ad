import { getDb } from "@/lib/db/client";
import { requestInstitution } from "@/lib/institution-request";
import { currentStaff } from "@/lib/auth/session";
import { recordAudit, requestOrigin } from "@/lib/auth/audit";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { readFields } from "@/lib/http/read-body";
import { buildExport, logExport } from "@/lib/queries/exports";
import { exportKindSchema, exportParamsSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 1024;

/**
 * CSV downloads for signed-in staff, as a POST (the form on /staff/exports): a link or an image on
 * another site cannot start one, so no other site can write audit entries in a staff member's name
 * (the proxy also refuses cross-site posts). Each download is logged with who, when and from where;
 * refused ones are in the audit trail too.
 */
export const POST = route<{ kind: string }>(async (req, ctx) => {
  const db = getDb();
  const origin = requestOrigin(req);
  const { kind } = await ctx.params;
  const staff = await currentStaff(db);
  if (!staff) {
    await recordAudit(db, { event: "export-refused", actor: "", detail: kind.slice(0, 40), ...origin });
    throw new AppError("unauthorized", "Sign in as staff to download exports");
  }
  const k = exportKindSchema.parse(kind);
  const institution = await requestInstitution(req);
  const { top } = exportParamsSchema.parse((await readFields(req, MAX_BODY_BYTES)).fields);
  const file = await buildExport(db, institution.id, k, { top });
  await logExport(db, {
    staffUserId: staff.id,
    actor: staff.email,
    kind: k,
    params: { top, institution: institution.code },
    runId: file.runId,
    rows: file.rows,
    ...origin,
  });
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Model-Run": String(file.runId),
    },
  });
});

/** Downloads are POSTs; a GET (a link, a prefetch) changes and logs nothing. */
export const GET = route(() => {
  throw new AppError("method_not_allowed", "Exports are downloaded with a POST from /staff/exports");
});
