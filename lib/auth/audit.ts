import type { Tx } from "../db/bulk";
import { clientAddress } from "../http/client-address";

export type AuditEventKind =
  | "sign-in"
  | "sign-in-failed"
  | "sign-in-refused"
  | "sign-out"
  | "export-refused"
  | "articulation-accepted"
  | "articulation-rejected";

/** Where a request came from, as audit entries record it. */
export type RequestOrigin = { clientAddress: string; userAgent: string };

export function requestOrigin(req: Request): RequestOrigin {
  return {
    clientAddress: clientAddress(req),
    userAgent: (req.headers.get("user-agent") ?? "").slice(0, 300),
  };
}

/** The origin the command-line tools record: the OS user is in the actor. */
export const CLI_ORIGIN: RequestOrigin = { clientAddress: "cli", userAgent: "" };

/** Appends a staff security event (who, what, from where) to the audit trail. */
export async function recordAudit(
  db: Pick<Tx, "auditEvent">,
  entry: { event: AuditEventKind; actor: string; detail?: string } & RequestOrigin,
): Promise<void> {
  await db.auditEvent.create({
    data: {
      event: entry.event,
      actor: entry.actor.slice(0, 200),
      clientAddress: entry.clientAddress,
      userAgent: entry.userAgent,
      detail: (entry.detail ?? "").slice(0, 300),
    },
  });
}
