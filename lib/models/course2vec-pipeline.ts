import type { Db } from "../db/client";
import { insertRows } from "../db/bulk";
import { isPostgresDb } from "../db/client";
import { buildVocab, hashHistories, toIndexHistories } from "../ml/vocab";
import type { Course2VecParams } from "../ml/course2vec/params";
import { trainCourse2Vec } from "../ml/course2vec/train";
import {
  cosineNeighbours,
  cosinePartnerRanks,
  crossSimilarity,
  groupCentroids,
  normalizeRows,
} from "../ml/similarity";
import { course2vecMetrics, type Course2VecMetrics } from "../ml/metrics";
import { coEnrollmentPmi, denseScoreEvaluation } from "../ml/pmi";
import { layoutAndMeasure } from "../ml/layout";
import { loadCatalog, loadCrossListings, loadHistories, type CatalogCourse } from "./read-corpus";
import type { Guard } from "./runs";
import { withRun, type PipelineOptions, type RunResult } from "./with-run";
import { resolveInstitution } from "../institution";

export type Course2VecJob = Course2VecParams & {
  factors: ("subject" | "major")[];
  minStudents: number;
  topK: number;
  guard: number;
};

export type Course2VecReport = {
  metrics: Course2VecMetrics;
  baseline: Course2VecMetrics;
  vocabSize: number;
  /** Adam steps taken (fewer than asked when the stopping rule ended training). */
  steps: number;
  countMs: number;
  trainMs: number;
  totalMs: number;
};

export type Progress = {
  phase: (name: string) => void;
  step: (step: number, total: number, loss: number) => void;
};

/**
 * Adds the multi-factor tokens (Pardos & Jiang 2020): each term also contains the subject token of
 * each of its courses and the student's major tokens, so they share contexts with the courses.
 */
export function addFactorTokens(
  sentences: { terms: number[][]; majors: string[] }[],
  baseSize: number,
  subjectIndexOfToken: Int32Array,
  subjects: number,
  factors: ("subject" | "major")[],
): { sentences: number[][][]; size: number } {
  const majorIndex = new Map<string, number>();
  const size = () => baseSize + (factors.includes("subject") ? subjects : 0) + majorIndex.size;
  const out = sentences.map((s) =>
    s.terms.map((t) => {
      const extra: number[] = [];
      if (factors.includes("subject")) for (const c of t) extra.push(baseSize + subjectIndexOfToken[c]!);
      if (factors.includes("major")) {
        for (const m of s.majors) {
          if (!majorIndex.has(m)) majorIndex.set(m, majorIndex.size);
          extra.push(baseSize + (factors.includes("subject") ? subjects : 0) + majorIndex.get(m)!);
        }
      }
      return [...t, ...extra];
    }),
  );
  return { sentences: out, size: size() };
}

/** Trains course2vec on the imported histories, evaluates it against PMI, writes its tables, activates it. */
export async function runCourse2Vec(
  db: Db,
  job: Course2VecJob,
  { backend, progress, signal, histories, institutionId: given }: PipelineOptions<Progress>,
): Promise<RunResult<Course2VecReport>> {
  const started = performance.now();
  const institutionId = given ?? (await resolveInstitution(db)).id;
  progress.phase("loading enrollments");
  const all = histories ?? (await loadHistories(db, institutionId));
  const catalog = await loadCatalog(db, institutionId);
  const dataHash = hashHistories(all);
  const start = { kind: "course2vec" as const, institutionId, params: job, dataHash, backend, signal };
  return withRun(db, start, async (runId) => {
    const vocab = buildVocab(all, job.minStudents);
    if (vocab.ids.length < 3)
      throw new Error(
        `Only ${vocab.ids.length} courses have at least ${job.minStudents} students; nothing to train on`,
      );
    const byId = new Map(catalog.map((c) => [c.id, c]));
    const subjects = [...new Set(catalog.map((c) => c.subjectCode))].sort();
    const subjectIndex = new Map(subjects.map((s, i) => [s, i]));
    const subjectOf = Int32Array.from(vocab.ids, (id) => subjectIndex.get(byId.get(id)!.subjectCode)!);
    const indexed = toIndexHistories(all, vocab);
    const { sentences, size } = addFactorTokens(
      indexed,
      vocab.ids.length,
      subjectOf,
      subjects.length,
      job.factors,
    );

    progress.phase("training");
    const result = await trainCourse2Vec(sentences, size, job, (s, loss) =>
      progress.step(s, job.steps, loss),
    );
    signal?.throwIfAborted();
    const V = vocab.ids.length;
    const unit = normalizeRows(result.vectors.subarray(0, V * job.dim), job.dim);

    progress.phase("evaluating");
    const pairs = (await loadCrossListings(db, institutionId))
      .map(([a, b]) => [vocab.indexOf.get(a), vocab.indexOf.get(b)])
      .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined);
    const neighbours = cosineNeighbours(unit, job.dim, job.topK);
    const ranks = cosinePartnerRanks(unit, job.dim, pairs);
    const metrics = course2vecMetrics(neighbours, ranks, subjectOf);
    const { pmi, together } = coEnrollmentPmi(
      indexed.map((s) => s.terms.flat()),
      V,
    );
    const base = denseScoreEvaluation(pmi, V, 10, pairs);
    const baseline = course2vecMetrics(base.neighbours, base.ranks, subjectOf);

    progress.phase("subject relationships and map");
    const centroids = groupCentroids(unit, job.dim, subjectOf, subjects.length);
    const courseToSubject = crossSimilarity(unit, centroids, job.dim); // [V, S]
    const subjectToSubject = crossSimilarity(centroids, centroids, job.dim); // [S, S]
    const layout = layoutAndMeasure(unit, job.dim, job.seed, subjectOf);

    signal?.throwIfAborted();
    progress.phase("writing");
    await writeCourse2VecTables(db, runId, {
      vocabIds: vocab.ids,
      together,
      unit,
      dim: job.dim,
      neighbours,
      courseToSubject,
      subjectToSubject,
      subjects,
      subjectOf,
      layout,
      catalog: byId,
    });
    const totalMs = performance.now() - started;
    const guard: Guard = (active) => {
      const prev = active?.kind === "course2vec" ? active.results?.metrics.subjectPrecisionAt10 : undefined;
      return prev !== undefined && metrics.subjectPrecisionAt10 < prev - job.guard
        ? `subject P@10 ${metrics.subjectPrecisionAt10.toFixed(3)} is more than ${job.guard} below the active run's ${prev.toFixed(3)}`
        : null;
    };
    return {
      finish: {
        metrics: {
          ...metrics,
          ...layout.quality,
          vocabSize: V,
          countMs: result.countMs,
          trainMs: result.trainMs,
          steps: result.steps,
          threads: result.threads,
        },
        baselines: { pmi: baseline },
        history: result.losses,
        durationMs: totalMs,
      },
      guard,
      report: {
        metrics,
        baseline,
        vocabSize: V,
        steps: result.steps,
        countMs: result.countMs,
        trainMs: result.trainMs,
        totalMs,
      },
    };
  });
}

type Tables = {
  vocabIds: number[];
  together: Float32Array; // [V, V] co-enrollment counts
  unit: Float32Array;
  dim: number;
  neighbours: { index: Int32Array; score: Float32Array; k: number };
  courseToSubject: Float32Array;
  subjectToSubject: Float32Array;
  subjects: string[];
  subjectOf: Int32Array;
  layout: { x: Float32Array; y: Float32Array };
  catalog: Map<number, CatalogCourse>;
};

/** Writes vectors, neighbour lists and relationship tables of a run in one transaction. */
async function writeCourse2VecTables(db: Db, runId: number, t: Tables): Promise<void> {
  const V = t.vocabIds.length;
  const S = t.subjects.length;
  const postgres = isPostgresDb(db);
  await db.$transaction(
    async (tx) => {
      await insertRows(
        tx,
        "CourseVector",
        ["runId", "courseId", "vector", "x", "y"],
        t.vocabIds.map((id, i) => [
          runId,
          id,
          Buffer.from(t.unit.slice(i * t.dim, (i + 1) * t.dim).buffer),
          t.layout.x[i]!,
          t.layout.y[i]!,
        ]),
        { postgres },
      );
      const sim: unknown[][] = [];
      for (let i = 0; i < V; i++) {
        for (let r = 0; r < t.neighbours.k; r++) {
          const j = t.neighbours.index[i * t.neighbours.k + r]!;
          sim.push([
            runId,
            t.vocabIds[i]!,
            t.vocabIds[j]!,
            r + 1,
            t.neighbours.score[i * t.neighbours.k + r]!,
            t.together[i * V + j]!,
          ]);
        }
      }
      await insertRows(
        tx,
        "SimilarCourse",
        ["runId", "courseId", "similarId", "rank", "similarity", "coStudents"],
        sim,
        { postgres },
      );
      // Subjects with no course in the vocabulary have no centroid: leave them out.
      const present = new Set(Array.from(t.subjectOf));
      const cs: unknown[][] = [];
      for (let i = 0; i < V; i++)
        for (let s = 0; s < S; s++)
          if (present.has(s)) cs.push([runId, t.vocabIds[i]!, t.subjects[s]!, t.courseToSubject[i * S + s]!]);
      await insertRows(tx, "CourseSubjectScore", ["runId", "courseId", "subjectCode", "score"], cs, {
        postgres,
      });
      const ss: unknown[][] = [];
      for (let a = 0; a < S; a++)
        for (let b = 0; b < S; b++)
          if (a !== b && present.has(a) && present.has(b))
            ss.push([runId, t.subjects[a]!, t.subjects[b]!, t.subjectToSubject[a * S + b]!]);
      await insertRows(tx, "SubjectRelation", ["runId", "subjectCode", "relatedCode", "score"], ss, {
        postgres,
      });
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}
