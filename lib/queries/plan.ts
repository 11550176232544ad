import type { Db } from "../db/client";
import { AppError } from "../errors";
import { env } from "../env";
import { parseTerm, SEASONS, termFromOrdinal, type Season, type Term } from "../ingest/terms";
import type { LoadedRnn } from "../models/rnn-runtime";
import type { ScorerModel } from "../plan/lstm-scorer";
import type { Plan, PlanCatalog, PlanInput, PlanRequirement } from "../plan/types";
import type { PlanRequest, PlanResponse } from "../validations/plan";
import { findCourse, getCatalog, type Catalog } from "./catalog";
import { resolveMajorIndices } from "./majors";
import type { PlanJob, PlanJobCatalog } from "./plan-job";
import { resolveHistory } from "./recommend";
import { loadActiveRnnVocabulary, type RnnVocabulary } from "./recommend-model";
import { planInPool } from "./recommend-pool";

/** A course not taught for this many terms (ordinals: 4 a year) before the newest term counts as retired. */
const RETIRED_AFTER = 8;

type Prepared = {
  version: number;
  plan: PlanCatalog;
  indexOf: Map<number, number>; // course id → plan index
  latest: Term | null;
  allowed: Uint8Array; // courses the model may suggest on its own (MIN_STUDENTS or more students)
};

const prepared = new Map<number, Prepared>();
let scorerModel: { runId: number; version: number; model: ScorerModel } | null = null;
let jobCatalog: PlanJobCatalog | null = null;

/**
 * The catalog as the planner reads it: prerequisites, cross-listings, offerings, the seasons the
 * institution's terms fall in, and which courses are no longer taught (no enrollment in the last
 * two years of data). Rebuilt when a new import lands (the catalog's version).
 */
export async function getPlanCatalog(
  db: Db,
  inst: number,
): Promise<{ catalog: Catalog; prepared: Prepared }> {
  const catalog = await getCatalog(db, inst);
  const hit = prepared.get(inst);
  if (hit?.version === catalog.version) return { catalog, prepared: hit };
  const mine = { course: { institutionId: inst } };
  const [prereqs, cross, terms, last] = await Promise.all([
    db.prerequisite.findMany({ where: mine }),
    db.crossListing.findMany({ where: mine }),
    db.term.findMany({ where: { institutionId: inst }, select: { id: true, ordinal: true } }),
    db.enrollment.groupBy({ by: ["courseId"], where: mine, _max: { termId: true } }),
  ]);
  const indexOf = new Map(catalog.courses.map((c, i) => [c.id, i]));
  const ordinalOf = new Map(terms.map((t) => [t.id, t.ordinal]));
  const newest = Math.max(-1, ...terms.map((t) => t.ordinal));
  const lastTaught = new Map(last.map((l) => [l.courseId, ordinalOf.get(l._max.termId ?? -1) ?? -1]));
  const courses = catalog.courses.map((c) => ({
    code: c.code,
    title: c.title,
    subject: c.subjectCode,
    units: c.units,
    offered: c.offered.filter((s): s is Season => (SEASONS as readonly string[]).includes(s)),
    prereqs: [] as number[],
    partners: [] as number[],
    retired: newest >= 0 && (lastTaught.get(c.id) ?? -Infinity) < newest - RETIRED_AFTER,
  }));
  for (const p of prereqs) {
    const [a, b] = [indexOf.get(p.courseId), indexOf.get(p.requiredId)];
    if (a !== undefined && b !== undefined) courses[a]!.prereqs.push(b);
  }
  for (const x of cross) {
    const [a, b] = [indexOf.get(x.courseId), indexOf.get(x.partnerId)];
    if (a !== undefined && b !== undefined && !courses[a]!.partners.includes(b)) courses[a]!.partners.push(b);
  }
  const seasons = SEASONS.filter((s) => terms.some((t) => termFromOrdinal(t.ordinal).season === s));
  const built: Prepared = {
    version: catalog.version,
    plan: { courses, seasons: seasons.length ? seasons : ["Spring", "Fall"] },
    indexOf,
    latest: newest >= 0 ? termFromOrdinal(newest) : null,
    allowed: Uint8Array.from(catalog.courses, (c) => (c.students >= env.MIN_STUDENTS ? 1 : 0)),
  };
  prepared.set(inst, built);
  return { catalog, prepared: built };
}

/** Each catalog course's index in a run's vocabulary (course ids by index), or -1. */
function vocabIndexOf(vocab: number[], p: Prepared): Int32Array {
  const vocabOf = new Int32Array(p.plan.courses.length).fill(-1);
  vocab.forEach((id, v) => {
    const i = p.indexOf.get(id);
    if (i !== undefined) vocabOf[i] = v;
  });
  return vocabOf;
}

export function scorerFor(model: LoadedRnn, p: Prepared): ScorerModel {
  if (scorerModel?.runId === model.runId && scorerModel.version === p.version) return scorerModel.model;
  const vocabOf = vocabIndexOf(model.vocab, p);
  const m = { model: model.model, vocabOf, vocabSize: model.vocab.length, majorCount: model.majors.length };
  scorerModel = { runId: model.runId, version: p.version, model: m };
  return m;
}

async function loadRequirements(
  db: Db,
  inst: number,
  program: string,
  indexOf: Map<number, number>,
): Promise<PlanRequirement[]> {
  const p = await db.program.findUnique({
    where: { institutionId_name: { institutionId: inst, name: program } },
    include: { requirements: { include: { courses: true }, orderBy: { id: "asc" } } },
  });
  if (!p) throw new AppError("not_found", `No program named "${program.slice(0, 80)}"`);
  return p.requirements.map((r) => ({
    name: r.name,
    count: r.count,
    courses: r.courses.flatMap((c) => (indexOf.has(c.courseId) ? [indexOf.get(c.courseId)!] : [])),
  }));
}

/** The catalog as the worker threads plan with it under `model`, built once per run and import. */
function jobCatalogFor(model: RnnVocabulary, p: Prepared): PlanJobCatalog {
  const key = `${model.key}/${p.version}`;
  if (jobCatalog?.key === key) return jobCatalog;
  const vocabOf = vocabIndexOf(model.vocab, p);
  jobCatalog = {
    key,
    plan: p.plan,
    allowed: p.allowed,
    vocabOf,
    vocabSize: model.vocab.length,
    majorCount: model.majors.length,
  };
  return jobCatalog;
}

/**
 * Checks and resolves a plan request on the request thread: unknown courses and programs are 404s,
 * bad terms 400s, a missing model 503. Nothing is logged or stored.
 */
export async function resolvePlanJob(db: Db, inst: number, req: PlanRequest): Promise<PlanJob> {
  const { catalog, prepared: p } = await getPlanCatalog(db, inst);
  const history = resolveHistory(catalog, req);
  const model = await loadActiveRnnVocabulary(db, inst);
  if (!model) throw new AppError("model_unavailable", "No recommendation model has been trained yet");
  const majors = resolveMajorIndices(model, catalog, req.majors);
  const requirements = await loadRequirements(db, inst, req.program, p.indexOf);
  const toIndex = (code: string) => {
    const c = findCourse(catalog, code);
    if (!c) throw new AppError("not_found", `Unknown course code: ${code.slice(0, 64)}`);
    return p.indexOf.get(c.id)!;
  };
  const pinned = req.pinned.map((x) => {
    const term = parseTerm(x.term);
    if (!term)
      throw new AppError("invalid_request", `"${x.term.slice(0, 40)}" is not a term like "Fall 2019"`);
    return { term, course: toIndex(x.course) };
  });
  for (const code of req.wanted) {
    const c = toIndex(code);
    if (history.some((h) => h.courses.some((x) => x.code === catalog.courses[c]!.code)))
      throw new AppError("invalid_request", `${catalog.courses[c]!.code} is already in your history`);
    requirements.push({ name: `Chosen by you: ${catalog.courses[c]!.code}`, count: 1, courses: [c] });
  }
  const after = history.at(-1)?.term ?? p.latest;
  if (!after)
    throw new AppError("invalid_request", "Give at least one past term: there are no terms in the data yet");
  const input: PlanInput = {
    history: history.map((h) => ({ term: h.term, courses: h.courses.map((c) => p.indexOf.get(c.id)!) })),
    after,
    requirements,
    maxTerms: req.maxTerms,
    load: req.load,
    pinned,
    excluded: req.excluded.map(toIndex),
    summers: req.summers,
  };
  return { runId: model.runId, key: model.key, version: p.version, input, majors };
}

/**
 * Runs a resolved plan in the recommendation worker pool (never on the request thread): a full
 * queue is a 503 with Retry-After, a pin the plan cannot honour a 400, and a model or catalog that
 * changed since the job was resolved a 503 to retry.
 */
export async function planJobInPool(db: Db, inst: number, job: PlanJob): Promise<Plan> {
  const { prepared: p } = await getPlanCatalog(db, inst);
  const model = await loadActiveRnnVocabulary(db, inst);
  if (!model || model.key !== job.key || p.version !== job.version)
    throw new AppError("model_unavailable", "The model or the catalog changed during the request; try again");
  const result = await planInPool(db, model, jobCatalogFor(model, p), job);
  if (!result.ok) throw new AppError("invalid_request", result.error);
  return result.plan;
}

/** A plan to graduation in `program` from the active LSTM, as POST /api/plan answers it. */
export async function planCourses(
  db: Db,
  inst: number,
  req: PlanRequest,
): Promise<PlanResponse & { plan: Plan }> {
  const job = await resolvePlanJob(db, inst, req);
  const plan = await planJobInPool(db, inst, job);
  const { catalog } = await getPlanCatalog(db, inst);
  return {
    terms: plan.terms.map((t) => ({
      term: t.term.label,
      courses: t.courses.map((c) => {
        const info = catalog.courses[c.course]!;
        return { code: info.code, title: info.title, subject: info.subjectCode, reasons: c.reasons };
      }),
    })),
    unmet: plan.unmet,
    runId: job.runId,
    plan,
  };
}
