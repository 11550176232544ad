import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { insertRows } from "../db/bulk";
import { isPostgresDb } from "../db/client";
import { AppError } from "../errors";
import { resolveInstitution } from "../institution";
import { SIGNALS } from "../ml/articulation/features";
import { trainArticulation } from "../ml/articulation/model";
import type { FittedArticulation } from "../ml/articulation/fit";
import { loadArticulationSide, toIndexPairs } from "./articulation-data";
import { mergeKnownPairs, resolveKnownRows, type KnownRow } from "./articulation-known";
import { writeArticulationModel } from "./articulation-runs";
import { withRun, type PipelineOptions, type RunResult } from "./with-run";

export type ArticulationJob = {
  from: string;
  to: string;
  knownFile: string;
  knownRows: KnownRow[];
  top: number;
  folds: number;
  seed: number;
};

export type ArticulationReport = {
  fitted: FittedArticulation;
  fromCourses: number;
  toCourses: number;
  knownPairs: number;
  acceptedAdded: number;
  rejectedRemoved: number;
  candidates: number;
  totalMs: number;
};

export type ArticulationProgress = { phase: (name: string) => void };

/**
 * Trains the articulation model from one institution (`from`, the partner college) to another
 * (`to`): both sides' active course2vec runs, the known pairs of the file plus accepted decisions
 * minus rejected ones, then one run of kind `articulation` at `to` with its candidates. Everything
 * that can be wrong with the input (institutions, runs, the file's codes) is checked before the
 * run is started, so a bad file writes nothing.
 */
export async function runArticulation(
  db: Db,
  job: ArticulationJob,
  { backend, progress, signal }: Omit<PipelineOptions<ArticulationProgress>, "histories" | "institutionId">,
): Promise<RunResult<ArticulationReport>> {
  const started = performance.now();
  const [fromInst, toInst] = await Promise.all([
    resolveInstitution(db, job.from),
    resolveInstitution(db, job.to),
  ]);
  if (fromInst.id === toInst.id)
    throw new AppError("invalid_request", `--from and --to are the same institution (${fromInst.code})`);
  progress.phase("loading catalogs and vectors");
  const [from, to] = await Promise.all([
    loadArticulationSide(db, fromInst),
    loadArticulationSide(db, toInst),
  ]);
  const filePairs = resolveKnownRows(job.knownRows, job.knownFile, from.idOf, to.idOf, {
    from: fromInst.code,
    to: toInst.code,
  });
  const decisions = await db.articulationDecision.findMany({
    where: { fromCourse: { institutionId: fromInst.id }, toCourse: { institutionId: toInst.id } },
    select: { fromCourseId: true, toCourseId: true, status: true },
  });
  const knownIds = mergeKnownPairs(filePairs, decisions);
  const inFile = new Set(filePairs.map(([a, b]) => `${a}:${b}`));
  const acceptedAdded = knownIds.filter(([a, b]) => !inFile.has(`${a}:${b}`)).length;
  const rejectedRemoved = filePairs.length - (knownIds.length - acceptedAdded);
  const known = toIndexPairs(knownIds, from, to);
  const params = {
    from: fromInst.code,
    to: toInst.code,
    fromRunId: from.runId,
    toRunId: to.runId,
    knownFile: job.knownFile,
    knownFromFile: filePairs.length,
    acceptedAdded,
    rejectedRemoved,
    knownPairs: known.length,
    top: job.top,
    folds: job.folds,
    seed: job.seed,
  };
  const dataHash = createHash("sha256")
    .update(JSON.stringify([from.runId, to.runId, [...knownIds].sort((p, q) => p[0] - q[0] || p[1] - q[1])]))
    .digest("hex");
  const start = {
    kind: "articulation" as const,
    institutionId: toInst.id,
    params,
    dataHash,
    backend,
    signal,
  };
  return withRun(db, start, async (runId) => {
    progress.phase(`fitting on ${known.length} known pairs (${job.folds}-fold cross-validation)`);
    const trained = trainArticulation(from.courses, to.courses, known, job);
    signal?.throwIfAborted();
    progress.phase("writing candidates");
    const rows = trained.candidates.flatMap((list, i) =>
      list.map((c) => [
        runId,
        from.courses[i]!.id,
        to.courses[c.to]!.id,
        c.rank,
        c.score,
        JSON.stringify(c.signals),
        JSON.stringify(c.reasons),
      ]),
    );
    await db.$transaction(
      async (tx) => {
        await insertRows(
          tx,
          "ArticulationCandidate",
          ["runId", "fromCourseId", "toCourseId", "rank", "score", "signals", "reasons"],
          rows,
          { postgres: isPostgresDb(db) },
        );
        await writeArticulationModel(tx, runId, {
          translation: trained.fitted.translation,
          combination: trained.fitted.combination,
          known: known.map(([a, b]) => [from.courses[a]!.code, to.courses[b]!.code]),
        });
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    );
    const f = trained.fitted;
    const totalMs = performance.now() - started;
    return {
      finish: {
        metrics: {
          cv: f.cv,
          translation: f.translation,
          trials: f.trials,
          weights: Object.fromEntries(SIGNALS.map((s, k) => [s, f.combination.weights[k]!])) as Record<
            (typeof SIGNALS)[number],
            number
          >,
          fromCourses: from.courses.length,
          toCourses: to.courses.length,
          candidates: rows.length,
        },
        baselines: {},
        history: [],
        durationMs: totalMs,
      },
      // A new run replaces the active one: its known pairs include every decision made since.
      guard: () => null,
      report: {
        fitted: f,
        fromCourses: from.courses.length,
        toCourses: to.courses.length,
        knownPairs: known.length,
        acceptedAdded,
        rejectedRemoved,
        candidates: rows.length,
        totalMs,
      },
    };
  });
}
