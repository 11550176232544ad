import { z } from "zod";
import type { Db } from "../db/client";
import type { Tx } from "../db/bulk";
import { F } from "../ml/articulation/signals";
import { type articulationHeldoutSchema, articulationResultsSchema } from "./articulation-schemas";
import { parseRun, type ModelRunRecord } from "./runs";

/**
 * What an articulation run needs besides its candidates to score any pair again (the evaluation
 * command does): the translation chosen, the combination fit, and the known pairs (as codes) it
 * was trained on. Stored as the run's "model" artifact.
 */
const storedModelSchema = z.object({
  translation: z.object({
    kind: z.enum(["procrustes", "ridge"]),
    dims: z.number().int().min(1),
    lambda: z.number(),
  }),
  combination: z.object({
    mean: z.array(z.number()).length(F),
    std: z.array(z.number()).length(F),
    weights: z.array(z.number()).length(F),
  }),
  known: z.array(z.tuple([z.string(), z.string()])),
});
export type StoredArticulationModel = z.output<typeof storedModelSchema>;

export async function writeArticulationModel(
  tx: Tx,
  runId: number,
  model: StoredArticulationModel,
): Promise<void> {
  const data = Buffer.from(JSON.stringify(storedModelSchema.parse(model)), "utf8");
  await tx.modelArtifact.create({ data: { runId, name: "model", data } });
}

export async function readArticulationModel(db: Db, runId: number): Promise<StoredArticulationModel> {
  const row = await db.modelArtifact.findUnique({ where: { runId_name: { runId, name: "model" } } });
  if (!row) throw new Error(`Articulation run ${runId} has no stored model`);
  const parsed = storedModelSchema.safeParse(JSON.parse(Buffer.from(row.data).toString("utf8")));
  if (!parsed.success)
    throw new Error(`Articulation run ${runId} has an unreadable model (${parsed.error.message})`);
  return parsed.data;
}

export type ArticulationRun = Extract<ModelRunRecord, { kind: "articulation" }>;

/**
 * The articulation run from `fromCode` to the institution `toId`: the active one of that
 * institution if it was trained from `fromCode` (or the run `id`), else null.
 */
export async function findArticulationRun(
  db: Db,
  toId: number,
  fromCode: string,
  id?: number,
): Promise<ArticulationRun | null> {
  const row = await db.modelRun.findFirst({
    where:
      id === undefined
        ? { institutionId: toId, kind: "articulation", isActive: true }
        : { id, kind: "articulation", institutionId: toId },
  });
  if (!row) return null;
  const run = parseRun(row);
  return run.kind === "articulation" && run.params?.from === fromCode ? run : null;
}

/** Records a held-out evaluation in a finished run's metrics; the rest is kept as stored. */
export async function recordArticulationHeldout(
  db: Db,
  runId: number,
  heldout: z.input<typeof articulationHeldoutSchema>,
): Promise<void> {
  const row = await db.modelRun.findUnique({ where: { id: runId } });
  if (!row || row.kind !== "articulation") throw new Error(`No articulation run ${runId}`);
  if (row.status !== "finished") throw new Error(`Articulation run ${runId} is ${row.status}`);
  const metrics = { ...(JSON.parse(row.metrics) as Record<string, unknown>), heldout };
  const check = articulationResultsSchema.safeParse({
    metrics,
    baselines: JSON.parse(row.baselines) as unknown,
    history: JSON.parse(row.history) as unknown,
  });
  if (!check.success) throw new Error(`Refusing to store the evaluation: ${check.error.message}`);
  await db.modelRun.update({ where: { id: runId }, data: { metrics: JSON.stringify(metrics) } });
}
