import { z } from "zod";
import type { Db } from "../db/client";
import { parseCalendar } from "../ingest/calendar";
import { WARNING_KINDS, type WarningKind } from "../ingest/warnings";

const filesSchema = z.array(
  z.object({ kind: z.string(), name: z.string(), rows: z.number(), sha256: z.string() }),
);
const warningsSchema = z.array(
  z.object({
    kind: z.enum(Object.keys(WARNING_KINDS) as [WarningKind, ...WarningKind[]]),
    count: z.number(),
    rows: z.number(),
    examples: z.array(
      z.object({ file: z.string(), line: z.number(), column: z.string(), detail: z.string() }),
    ),
  }),
);

export type ImportReport = {
  id: number;
  createdAt: Date;
  durationMs: number;
  dataHash: string;
  counts: { courses: number; subjects: number; students: number; enrollments: number; terms: number };
  calendar: string;
  files: z.infer<typeof filesSchema>;
  warnings: (z.infer<typeof warningsSchema>[number] & { meaning: string })[];
  modelRuns: { id: number; kind: string; status: string; isActive: boolean }[];
};

/** "quarter:Autumn" + "detected" → "quarter system, Autumn (detected)". */
export function describeCalendar(calendar: string, source: string): string {
  const c = parseCalendar(calendar);
  return c ? `${c.kind} system, ${c.fallName} term (${source})` : calendar;
}

/**
 * The latest imports for the staff report: files with hashes and rows, counts, warnings with their
 * examples (course codes and line numbers, never a student id), and the model runs trained on each
 * (the runs started between it and the next import).
 */
export async function listImportReports(db: Db, inst: number, take = 20): Promise<ImportReport[]> {
  const runs = await db.importRun.findMany({ where: { institutionId: inst }, orderBy: { id: "desc" }, take });
  const oldest = runs.at(-1)?.createdAt;
  // A run trains on what the database holds when it starts: the latest import before it (a run's
  // own data hash is of the corpus it read, not of the files). Re-importing the same files adds no import.
  const models = oldest
    ? await db.modelRun.findMany({
        where: { institutionId: inst, createdAt: { gte: oldest } },
        select: { id: true, kind: true, status: true, isActive: true, createdAt: true },
        orderBy: { id: "asc" },
      })
    : [];
  return runs.map((r, i) => ({
    id: r.id,
    createdAt: r.createdAt,
    durationMs: r.durationMs,
    dataHash: r.dataHash,
    counts: {
      courses: r.courses,
      subjects: r.subjects,
      students: r.students,
      enrollments: r.enrollments,
      terms: r.terms,
    },
    calendar: describeCalendar(r.calendar, r.calendarSource),
    files: filesSchema.catch([]).parse(JSON.parse(r.files)),
    warnings: warningsSchema
      .catch([])
      .parse(JSON.parse(r.warnings))
      .map((w) => ({ ...w, meaning: WARNING_KINDS[w.kind] })),
    modelRuns: models
      .filter((m) => m.createdAt >= r.createdAt && (i === 0 || m.createdAt < runs[i - 1]!.createdAt))
      .map((m) => ({ id: m.id, kind: m.kind, status: m.status, isActive: m.isActive })),
  }));
}

/** The calendar of the data an institution's models were trained on (its latest import), for the model report. */
export async function latestCalendar(db: Db, inst: number): Promise<string | null> {
  const last = await db.importRun.findFirst({
    where: { institutionId: inst },
    orderBy: { id: "desc" },
    select: { calendar: true, calendarSource: true },
  });
  return last ? describeCalendar(last.calendar, last.calendarSource) : null;
}
