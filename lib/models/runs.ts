import type { z } from "zod";
import type { Db } from "../db/client";
import {
  rnnMetadataSchema,
  runKindSchema,
  runSchemas,
  type RnnMetadata,
  type RunKind,
  type RunParams,
  type RunResults,
  type StoredPlanEvaluation,
} from "./run-schemas";

export { runKindSchema, type RunKind } from "./run-schemas";

type RunRow = Awaited<ReturnType<Db["modelRun"]["findFirstOrThrow"]>>;
type Stored = "params" | "metrics" | "baselines" | "history" | "kind";

/**
 * A model run as the site, the CLI and the exports see it: the stored JSON parsed and checked once,
 * here. `results` (metrics, baselines, training curve) is there for finished runs; a run whose
 * stored JSON does not match the schema (written by an older version) keeps its row and says so in
 * `problem` instead of failing the page that lists it.
 */
export type ModelRunRecord = Omit<RunRow, Stored> & { problem: string | null } & (
    | { kind: "course2vec"; params: RunParams<"course2vec"> | null; results: RunResults<"course2vec"> | null }
    | { kind: "rnn"; params: RunParams<"rnn"> | null; results: RunResults<"rnn"> | null }
  );

/** Parses a stored JSON column with its schema: the value, or a problem naming the field. */
function parseStored<S extends z.ZodType>(
  schema: S,
  text: string,
  what: string,
): { value: z.output<S> | null; problem: string | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { value: null, problem: `${what} is not JSON` };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, problem: null };
  const issue = parsed.error.issues[0];
  return { value: null, problem: `${what}.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}` };
}

export function parseRun(row: RunRow): ModelRunRecord {
  const { params: p, metrics, baselines, history, kind, ...rest } = row;
  const k = runKindSchema.safeParse(kind);
  if (!k.success) throw new Error(`Model run ${row.id} has an unknown kind "${kind}"`);
  const schemas = runSchemas[k.data];
  const params = parseStored(schemas.params, p, "params");
  const results =
    row.status === "finished"
      ? parseStored(
          schemas.results,
          `{"metrics":${metrics},"baselines":${baselines},"history":${history}}`,
          "run",
        )
      : { value: null, problem: null };
  const problem = params.problem ?? results.problem;
  // The union is by kind: the schemas were picked by the same kind.
  return { ...rest, kind: k.data, params: params.value, results: results.value, problem } as ModelRunRecord;
}

/** Runs newest first, optionally of one institution, of one kind and/or only the active ones. */
export async function listRuns(
  db: Db,
  where: { institutionId?: number; kind?: RunKind; isActive?: boolean; take?: number } = {},
): Promise<ModelRunRecord[]> {
  const rows = await db.modelRun.findMany({
    where: { institutionId: where.institutionId, kind: where.kind, isActive: where.isActive },
    orderBy: { id: "desc" },
    take: where.take,
  });
  return rows.map(parseRun);
}

/**
 * A run by id (of a kind, and of the institution when one is given), or the institution's active
 * run of the kind when no id is given; null if none.
 */
export async function findRun(
  db: Db,
  kind: RunKind,
  id: number | undefined,
  institutionId: number,
): Promise<ModelRunRecord | null> {
  const row = await db.modelRun.findFirst({
    where: id === undefined ? { institutionId, kind, isActive: true } : { id, kind, institutionId },
  });
  return row ? parseRun(row) : null;
}

/** The RNN's metadata artifact, checked. */
export function parseRnnMetadata(runId: number, data: Uint8Array): RnnMetadata {
  const { value, problem } = parseStored(rnnMetadataSchema, Buffer.from(data).toString("utf8"), "metadata");
  if (!value) throw new Error(`RNN run ${runId} has unreadable metadata (${problem})`);
  return value;
}

/** JSON text for a stored column, refused unless it reads back through its schema. */
function encodeStored(schema: z.ZodType, value: unknown, what: string): string {
  const text = JSON.stringify(value);
  const { problem } = parseStored(schema, text, what);
  if (problem) throw new Error(`Refusing to store a run whose ${problem}`);
  return text;
}

/** Starts a run of an institution in status "running"; it is invisible to the site until activated. */
export async function startRun(
  db: Db,
  kind: RunKind,
  params: unknown,
  dataHash: string,
  backend: string,
  institutionId: number,
): Promise<number> {
  const stored = encodeStored(runSchemas[kind].params, params, "params");
  const run = await db.modelRun.create({
    data: { institutionId, kind, status: "running", params: stored, dataHash, backend },
  });
  return run.id;
}

export async function failRun(
  db: Db,
  runId: number,
  status: "failed" | "interrupted",
  error: string,
): Promise<void> {
  await db.modelRun.update({
    where: { id: runId },
    data: { status, error: error.slice(0, 4000), finishedAt: new Date() },
  });
}

export type Finish<K extends RunKind> = RunResults<K> & { durationMs: number };

/** Says why a finished run must not replace the active one (null: it may). */
export type Guard = (active: ModelRunRecord | null) => string | null;

/**
 * Marks a run finished with its metrics, then makes it the active run of its institution and kind
 * in the same transaction, unless `guard` says it is worse than that active run (then it stays
 * inactive). Another institution's runs are neither compared nor touched.
 */
export async function finishAndActivate<K extends RunKind>(
  db: Db,
  runId: number,
  kind: K,
  finish: Finish<K>,
  guard?: Guard,
): Promise<{ activated: boolean; reason?: string }> {
  const { durationMs, ...results } = finish;
  encodeStored(runSchemas[kind].results, results, "run");
  return db.$transaction(async (tx) => {
    const { institutionId } = await tx.modelRun.update({
      where: { id: runId },
      data: {
        status: "finished",
        metrics: JSON.stringify(finish.metrics),
        baselines: JSON.stringify(finish.baselines),
        history: JSON.stringify(finish.history),
        durationMs: Math.round(durationMs),
        finishedAt: new Date(),
      },
    });
    const active = await tx.modelRun.findFirst({ where: { institutionId, kind, isActive: true } });
    const refusal = guard?.(active ? parseRun(active) : null) ?? null;
    if (refusal) return { activated: false, reason: refusal };
    await tx.modelRun.updateMany({
      where: { institutionId, kind, isActive: true },
      data: { isActive: false },
    });
    await tx.modelRun.update({ where: { id: runId }, data: { isActive: true } });
    return { activated: true };
  });
}

/**
 * Adds (or replaces) the plan evaluation in a finished RNN run's metrics; every other stored
 * metric is kept as it was, and the whole result must still read back through its schema.
 */
export async function recordPlanEvaluation(db: Db, runId: number, plan: StoredPlanEvaluation): Promise<void> {
  const row = await db.modelRun.findUnique({ where: { id: runId } });
  if (!row || row.kind !== "rnn") throw new Error(`No RNN run ${runId}`);
  if (row.status !== "finished")
    throw new Error(`RNN run ${runId} is ${row.status}; only finished runs are evaluated`);
  const metrics = { ...(JSON.parse(row.metrics) as Record<string, unknown>), plan };
  const results = {
    metrics,
    baselines: JSON.parse(row.baselines) as unknown,
    history: JSON.parse(row.history) as unknown,
  };
  encodeStored(runSchemas.rnn.results, results, "run");
  await db.modelRun.update({ where: { id: runId }, data: { metrics: JSON.stringify(metrics) } });
}

/** The id of an institution's active run of a kind, or null: what the read side keys every table by. */
export async function activeRunId(db: Db, kind: RunKind, institutionId: number): Promise<number | null> {
  return (
    (await db.modelRun.findFirst({ where: { institutionId, kind, isActive: true }, select: { id: true } }))
      ?.id ?? null
  );
}

/** Activates a finished run by id (CLI `models activate`), in place of its institution's run of that kind. */
export async function activateRun(db: Db, runId: number): Promise<void> {
  const run = await db.modelRun.findUnique({ where: { id: runId } });
  if (!run) throw new Error(`No model run ${runId}`);
  if (run.status !== "finished")
    throw new Error(`Run ${runId} is ${run.status}; only finished runs can be activated`);
  await db.$transaction([
    db.modelRun.updateMany({
      where: { institutionId: run.institutionId, kind: run.kind, isActive: true },
      data: { isActive: false },
    }),
    db.modelRun.update({ where: { id: runId }, data: { isActive: true } }),
  ]);
}

/** Deletes a run and everything it wrote; the active run cannot be deleted. */
export async function deleteRun(db: Db, runId: number): Promise<void> {
  const run = await db.modelRun.findUnique({ where: { id: runId } });
  if (!run) throw new Error(`No model run ${runId}`);
  if (run.isActive) throw new Error(`Run ${runId} is active; activate another run first`);
  await db.$transaction([
    db.courseSubjectScore.deleteMany({ where: { runId } }),
    db.subjectRelation.deleteMany({ where: { runId } }),
    db.modelRun.delete({ where: { id: runId } }),
  ]);
}
