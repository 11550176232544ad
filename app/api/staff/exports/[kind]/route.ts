import { getDb } from "@/lib/db/client";
import { currentStaff } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { queryObject, route } from "@/lib/http";
import { buildExport, logExport } from "@/lib/queries/exports";
import { exportKindSchema, exportParamsSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

/** CSV downloads for signed-in staff; each one is logged with who and when. */
export const GET = route<{ kind: string }>(async (req, ctx) => {
  const staff = await currentStaff();
  if (!staff) throw new AppError("unauthorized", "Sign in as staff to download exports");
  const k = exportKindSchema.parse((await ctx.params).kind);
  const { top } = exportParamsSchema.parse(queryObject(req.url));
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
});
