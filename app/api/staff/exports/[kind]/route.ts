import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { currentStaff } from "@/lib/auth/session";
import { errorResponse, jsonError, queryObject } from "@/lib/http";
import { buildExport, EXPORT_KINDS, logExport, NoModelError } from "@/lib/queries/exports";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ top: z.coerce.number().int().min(1).max(50).default(10) });

/** CSV downloads for signed-in staff; each one is logged with who and when. */
export async function GET(req: Request, ctx: { params: Promise<{ kind: string }> }) {
  try {
    const staff = await currentStaff();
    if (!staff) return jsonError(401, "Sign in as staff to download exports");
    const { kind } = await ctx.params;
    const k = z.enum(EXPORT_KINDS, { error: `kind must be one of ${EXPORT_KINDS.join(", ")}` }).parse(kind);
    const { top } = paramsSchema.parse(queryObject(req.url));
    const db = getDb();
    const file = await buildExport(db, k, { top });
    await logExport(db, {
      staffUserId: staff.id,
      actor: staff.email,
      kind: k,
      params: { top },
      runId: file.runId,
      rows: file.rows,
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
