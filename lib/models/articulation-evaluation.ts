import type { Db } from "../db/client";
import { buildContext } from "../ml/articulation/features";
import { evaluateHeldout } from "../ml/articulation/model";
import { buildScorer } from "../ml/articulation/rank";
import type { ArticulationEvaluation } from "./articulation-schemas";
import { loadArticulationSide, toIndexPairs } from "./articulation-data";
import { KnownFileError, resolveKnownRows, type KnownRow } from "./articulation-known";
import { readArticulationModel, recordArticulationHeldout, type ArticulationRun } from "./articulation-runs";
import { AppError } from "../errors";

export type HeldoutEvaluation = ArticulationEvaluation & {
  file: string;
  evaluatedAt: string;
  skippedKnown: number;
};

/**
 * Scores held-out pairs with a stored articulation run: the same course2vec runs, translation,
 * combination and known pairs as at training (the model is rebuilt from them, deterministically),
 * ranked over every course of `to`. Pairs the run was trained on are skipped and counted; a code
 * the catalogs lack is a KnownFileError naming its line. Recorded on the run for /models.
 */
export async function evaluateArticulationRun(
  db: Db,
  run: ArticulationRun,
  rows: KnownRow[],
  file: string,
): Promise<HeldoutEvaluation> {
  const params = run.params;
  if (!params || !run.results)
    throw new AppError("invalid_request", `Run ${run.id} cannot be evaluated (${run.problem ?? run.status})`);
  const institutions = await db.institution.findMany({ where: { code: { in: [params.from, params.to] } } });
  const inst = (code: string) => {
    const i = institutions.find((x) => x.code === code);
    if (!i) throw new AppError("not_found", `Institution ${code} of run ${run.id} no longer exists`);
    return { id: i.id, code: i.code, name: i.name };
  };
  const [from, to] = await Promise.all([
    loadArticulationSide(db, inst(params.from), params.fromRunId),
    loadArticulationSide(db, inst(params.to), params.toRunId),
  ]);
  const stored = await readArticulationModel(db, run.id);
  const heldIds = resolveKnownRows(rows, file, from.idOf, to.idOf, { from: params.from, to: params.to });
  const knownIds = stored.known.map(([a, b]): [number, number] => {
    const x = from.idOf.get(a);
    const y = to.idOf.get(b);
    if (x === undefined || y === undefined)
      throw new KnownFileError([`run ${run.id}: known pair ${a} → ${b} is no longer in the catalogs`]);
    return [x, y];
  });
  const knownKeys = new Set(knownIds.map(([a, b]) => `${a}:${b}`));
  const fresh = heldIds.filter(([a, b]) => !knownKeys.has(`${a}:${b}`));
  const ctx = buildContext(from.courses, to.courses);
  const scorer = buildScorer(ctx, toIndexPairs(knownIds, from, to), stored.translation, stored.combination);
  const metrics = evaluateHeldout(scorer, toIndexPairs(fresh, from, to));
  const result = {
    ...metrics,
    file,
    evaluatedAt: new Date().toISOString(),
    skippedKnown: heldIds.length - fresh.length,
  };
  await recordArticulationHeldout(db, run.id, result);
  return result;
}
