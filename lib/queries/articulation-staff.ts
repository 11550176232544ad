import { z } from "zod";
import type { Db } from "../db/client";
import { recordAudit, type RequestOrigin } from "../auth/audit";
import type { StaffUserRef } from "../auth/session";
import { AppError } from "../errors";
import { articulationsFor, type ArticulationScope, type CourseArticulation } from "./articulation";
import { logExport, toCsv } from "./exports";

/** The `from` institution's subjects that have proposals in the scope's run, with course counts. */
export async function listProposalSubjects(db: Db, scope: ArticulationScope) {
  if (!scope.run) return [];
  const rows = await db.course.groupBy({
    by: ["subjectCode"],
    where: { institutionId: scope.from.id, articFrom: { some: { runId: scope.run.id } } },
    _count: { _all: true },
    orderBy: { subjectCode: "asc" },
  });
  return rows.map((r) => ({ code: r.subjectCode, courses: r._count._all }));
}

/** Every course of one `from` subject with its agreed pairs and its first `top` proposals. */
export async function listProposals(
  db: Db,
  scope: ArticulationScope,
  subject: string,
  top = 3,
): Promise<CourseArticulation[]> {
  const courses = await db.course.findMany({
    where: { institutionId: scope.from.id, subjectCode: subject, inCatalog: true },
    select: { id: true },
    orderBy: { code: "asc" },
  });
  return articulationsFor(
    db,
    scope,
    courses.map((c) => c.id),
    top,
  );
}

export const decisionInputSchema = z.object({
  from: z.string().trim().min(1).max(64),
  to: z.string().trim().min(1).max(64),
  status: z.enum(["accepted", "rejected"]),
  note: z.string().trim().max(500).default(""),
});

/**
 * Records an officer's decision on a pair (replacing an earlier one on the same pair) and its
 * audit event, in one transaction. Both codes must be courses of the scope's institutions.
 */
export async function decideArticulation(
  db: Db,
  scope: ArticulationScope,
  input: unknown,
  staff: StaffUserRef,
  origin: RequestOrigin,
): Promise<void> {
  const d = decisionInputSchema.parse(input);
  const [from, to] = await Promise.all([
    db.course.findFirst({ where: { institutionId: scope.from.id, code: d.from }, select: { id: true } }),
    db.course.findFirst({ where: { institutionId: scope.to.id, code: d.to }, select: { id: true } }),
  ]);
  if (!from) throw new AppError("not_found", `${scope.from.code} has no course ${d.from}`);
  if (!to) throw new AppError("not_found", `${scope.to.code} has no course ${d.to}`);
  const decidedBy = `${staff.name} <${staff.email}>`;
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.articulationDecision.upsert({
      where: { fromCourseId_toCourseId: { fromCourseId: from.id, toCourseId: to.id } },
      create: {
        fromCourseId: from.id,
        toCourseId: to.id,
        status: d.status,
        staffUserId: staff.id,
        decidedBy,
        decidedAt: now,
        note: d.note,
      },
      update: { status: d.status, staffUserId: staff.id, decidedBy, decidedAt: now, note: d.note },
    });
    await recordAudit(tx, {
      event: d.status === "accepted" ? "articulation-accepted" : "articulation-rejected",
      actor: staff.email,
      detail: `${scope.from.code} ${d.from} → ${scope.to.code} ${d.to}${d.note ? `: ${d.note}` : ""}`,
      ...origin,
    });
  });
}

/**
 * Every decision between the two institutions as CSV (from course, to course, status, decided by,
 * decided at), with the site's formula escaping, logged as an export.
 */
export async function exportDecisions(
  db: Db,
  scope: ArticulationScope,
  staff: StaffUserRef,
  origin: RequestOrigin,
): Promise<{ filename: string; csv: string; rows: number }> {
  const decisions = await db.articulationDecision.findMany({
    where: { fromCourse: { institutionId: scope.from.id }, toCourse: { institutionId: scope.to.id } },
    include: { fromCourse: { select: { code: true } }, toCourse: { select: { code: true } } },
    orderBy: [{ decidedAt: "asc" }, { id: "asc" }],
  });
  const rows: (string | number)[][] = [
    ["from_course", "to_course", "status", "decided_by", "decided_at"],
    ...decisions.map((d) => [
      d.fromCourse.code,
      d.toCourse.code,
      d.status,
      d.decidedBy,
      d.decidedAt.toISOString(),
    ]),
  ];
  await logExport(db, {
    staffUserId: staff.id,
    actor: staff.email,
    kind: "articulation",
    params: { from: scope.from.code, to: scope.to.code },
    runId: scope.run?.id ?? null,
    rows: decisions.length,
    ...origin,
  });
  return {
    filename: `articulation-${scope.from.code}-${scope.to.code}.csv`,
    csv: toCsv(rows),
    rows: decisions.length,
  };
}
