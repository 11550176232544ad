import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { currentStaff } from "@/lib/auth/session";
import { recordAudit, requestOrigin } from "@/lib/auth/audit";
import { errorResponse, jsonError } from "@/lib/http";
import { readFields } from "@/lib/http/read-body";
import { buildExport, EXPORT_KINDS, logExport, NoModelError } from "@/lib/queries/exports";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ top: z.coerce.number().int().min(1).max(50).default(10) });
const MAX_BODY_BYTES = 1024;

/**
 * CSV downloads for signed-in staff, as a POST (the form on /staff/exports): a link or an image on
 * another site cannot start one, so no other site can write audit entries in a staff member's name
 * (the proxy also refuses cross-site posts). Each download is logged with who, when and from where;
 * refused ones are logged too.
 */
export async function POST(req: Request, ctx: { params: Promise<{ kind: string }> }) {
  try {
    const db = getDb();
    const origin = requestOrigin(req);
    const { kind } = await ctx.params;
    const staff = await currentStaff(db);
    if (!staff) {
      await recordAudit(db, { event: "export-refused", actor: "", detail: kind.slice(0, 40), ...origin });
      return jsonError(401, "Sign in as staff to download exports");
    }
    const k = z.enum(EXPORT_KINDS, { error: `kind must be one of ${EXPORT_KINDS.join(", ")}` }).parse(kind);
    const { fields } = await readFields(req, MAX_BODY_BYTES);
    const { top } = paramsSchema.parse(fields);
    const file = await buildExport(db, k, { top });
    await logExport(db, {
      staffUserId: staff.id,
      actor: staff.email,
      kind: k,
      params: { top },
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
  } catch (err) {
    if (err instanceof NoModelError) return jsonError(409, err.message);
    return errorResponse(err);
  }
}

/** Downloads are POSTs; a GET (a link, a prefetch) changes and logs nothing. */
export function GET() {
  const res = jsonError(405, "Exports are downloaded with a POST from /staff/exports");
  res.headers.set("Allow", "POST");
  return res;
}
