import type { Db } from "../db/client";
import { AppError } from "../errors";
import { nextRegularTerm } from "../ingest/calendar";
import { FALL_SLOT, parseTerm, slotOf, type Term } from "../ingest/terms";
import {
  findCrossPartners,
  findRnnVocabulary,
  findSubjectScores,
  findTransitionsFrom,
} from "./recommend-lookups";
import { preferenceFactor, suggestableMask } from "./recommend-masks";
import type { RnnVocabulary } from "./recommend-model";
import { scoreInPool } from "./recommend-pool";
import type { Sequence } from "../ml/sequences";
import type { RecommendRequest, RecommendResponse } from "../validations/api";
import { getCatalog, findCourse, type Catalog, type CourseInfo } from "./catalog";
import { findUnmetRequirements } from "./programs";
import { resolveMajorIndices } from "./majors";
import { formatCount, publishCount, roundScore } from "./disclosure";

type History = { term: Term; courses: CourseInfo[] }[];

/**
 * Bounds on one request's model work, so the worst valid request costs a small multiple of a
 * typical one: at most MAX_PAST_COURSES distinct past courses (a full degree is ~40), and
 * leave-one-out reasons over the REASON_CANDIDATES most recent of them (one model pass each).
 */
export const MAX_PAST_COURSES = 60;
export const REASON_CANDIDATES = 8;

export function resolveHistory(catalog: Catalog, req: Pick<RecommendRequest, "history">): History {
  const unknown: string[] = [];
  const byTerm = new Map<number, { term: Term; courses: CourseInfo[] }>();
  for (const h of req.history) {
    const term = parseTerm(h.term);
    if (!term)
      throw new AppError("invalid_request", `"${h.term.slice(0, 40)}" is not a term like "Fall 2019"`);
    const entry = byTerm.get(term.ordinal) ?? { term, courses: [] };
    for (const code of h.courses) {
      const c = findCourse(catalog, code);
      if (!c) unknown.push(code);
      else if (!entry.courses.includes(c)) entry.courses.push(c);
    }
    byTerm.set(term.ordinal, entry);
  }
  if (unknown.length)
    throw new AppError(
      "not_found",
      `Unknown course code${unknown.length > 1 ? "s" : ""}: ${unknown
        .slice(0, 10)
        .map((c) => c.slice(0, 64))
        .join(", ")}`,
    );
  const distinct = new Set([...byTerm.values()].flatMap((t) => t.courses));
  if (distinct.size > MAX_PAST_COURSES)
    throw new AppError(
      "invalid_request",
      `At most ${MAX_PAST_COURSES} distinct past courses per request (this one has ${distinct.size})`,
    );
  return [...byTerm.values()].sort((a, b) => a.term.ordinal - b.term.ordinal);
}

/**
 * A recommendation's model inputs: row 0 the full history, row i + 1 the history without past course
 * pastIdx[i] (the reasons compare them), where pastIdx are the REASON_CANDIDATES most recent distinct
 * past courses. `kept` is the history's terms as vocabulary indices with their calendar slots;
 * `nextSlot` is the asked-about term's.
 */
export function leaveOneOutHistories(
  kept: { slot: number; idx: number[] }[],
  majors: number[],
  nextSlot: number,
): { pastIdx: number[]; variants: Sequence[] } {
  const pastIdx = [
    ...new Set(
      kept
        .map((t) => t.idx)
        .toReversed()
        .flat(),
    ),
  ].slice(0, REASON_CANDIDATES);
  const history = (terms: typeof kept): Sequence => ({
    terms: terms.map((t) => t.idx),
    majors,
    slots: [...terms.map((t) => t.slot), nextSlot],
  });
  const without = (p: number) =>
    kept.map((t) => ({ ...t, idx: t.idx.filter((c) => c !== p) })).filter((t) => t.idx.length);
  return { pastIdx, variants: [history(kept), ...pastIdx.map((p) => history(without(p)))] };
}

/**
 * Next-term recommendations from the active LSTM with filters and reasons a student can check:
 * the past courses that drive each suggestion most (each left out in turn), how many students went
 * from one of those courses to it, and the requirement it satisfies. Nothing is logged or stored.
 */
export async function recommendCourses(
  db: Db,
  inst: number,
  req: RecommendRequest,
): Promise<RecommendResponse> {
  const catalog = await getCatalog(db, inst);
  const history = resolveHistory(catalog, req);
  if (history.length === 0 && req.majors.length === 0)
    throw new AppError("invalid_request", "Give at least one past term or a major");
  const model = await findRnnVocabulary(db, inst);
  if (!model) throw new AppError("model_unavailable", "No recommendation model has been trained yet");
  const majors = resolveMajorIndices(model, catalog, req.majors);
  const V = model.vocab.length;
  const ignored = [
    ...new Set(
      history
        .flatMap((h) => h.courses)
        .filter((c) => !model.indexOf.has(c.id))
        .map((c) => c.code),
    ),
  ];
  const kept = history
    .map((h) => ({
      slot: slotOf(h.term.ordinal),
      idx: h.courses.flatMap((c) => (model.indexOf.has(c.id) ? [model.indexOf.get(c.id)!] : [])),
    }))
    .filter((t) => t.idx.length > 0);
  const terms = kept.map((t) => t.idx);
  // Each term's calendar slot and the asked-about term's (a first term: a Fall), for a model with term inputs.
  const nextSlot = history.length
    ? slotOf(nextRegularTerm(history.at(-1)!.term, catalog.calendar).ordinal)
    : FALL_SLOT;
  const { pastIdx, variants } = leaveOneOutHistories(kept, majors, nextSlot);
  const taken = new Set(history.flatMap((h) => h.courses.map((c) => c.id)));
  const partners = await findCrossPartners(db, inst);
  for (const id of [...taken]) for (const p of partners.get(id) ?? []) taken.add(p);
  const nextTerm = history.length ? nextRegularTerm(history.at(-1)!.term, catalog.calendar) : null;
  const unmet = req.program ? await findUnmetRequirements(db, inst, req.program, [...taken]) : null;
  const season = req.filters.offeredNextTerm ? (nextTerm?.season ?? catalog.calendar.fallName) : null;
  let allowed = suggestableMask(catalog, model, season).slice();
  if (req.filters.hideTaken)
    for (const id of taken) {
      const i = model.indexOf.get(id);
      if (i !== undefined) allowed[i] = 0;
    }
  if (req.filters.requirementsOnly) {
    const only = new Uint8Array(V);
    for (const id of unmet?.byCourse.keys() ?? []) {
      const i = model.indexOf.get(id);
      if (i !== undefined) only[i] = allowed[i]!;
    }
    allowed = only;
  }
  const factor = req.filters.preferSubject
    ? await subjectFactor(db, inst, catalog, model, req.filters.preferSubject)
    : undefined;
  // The worker ranks; back come the top courses' scores under the full history and each variant.
  const scored = await scoreInPool(db, model, variants, { allowed, factor, limit: req.limit });
  const top = [...scored.top];
  const base = (j: number) => scored.base[j]!;
  const without = (k: number, j: number) => scored.variants[k * top.length + j]!;
  // From each reason candidate (the past courses), the transitions of MIN_STUDENTS or more.
  const fromPast = await Promise.all(
    pastIdx.map(async (p) => ({
      courseId: model.vocab[p]!,
      next: await findTransitionsFrom(db, inst, model.vocab[p]!),
    })),
  );
  return {
    recommendations: top.map((i, j) => {
      const c = catalog.byId.get(model.vocab[i]!)!;
      const reasons: string[] = [];
      const drivers = pastIdx
        .map((p, k) => ({ p, drop: base(j) - without(k, j) }))
        .filter((d) => d.drop > base(j) * 0.05)
        .sort((a, b) => b.drop - a.drop)
        .slice(0, 2)
        .map((d) => catalog.byId.get(model.vocab[d.p]!)!.code);
      if (drivers.length) reasons.push(`Suggested mostly because you took ${drivers.join(" and ")}`);
      else if (terms.length === 0)
        reasons.push(
          majors.length
            ? "Often taken in a first term by students of these majors"
            : "Often taken in a first term",
        );
      // The past course most students went from to this one (of equals, the lowest id, as the database listed them).
      let t: { courseId: number; students: number } | undefined;
      for (const f of fromPast) {
        const students = f.next.get(c.id);
        if (
          students !== undefined &&
          (!t || students > t.students || (students === t.students && f.courseId < t.courseId))
        )
          t = { courseId: f.courseId, students };
      }
      const n = t
        ? publishCount(t.students, [catalog.byId.get(t.courseId)?.students ?? 0, c.students])
        : null;
      if (t && n !== null)
        reasons.push(
          `${formatCount(n)} students who took ${catalog.byId.get(t.courseId)?.code} took it the next term`,
        );
      const r = unmet?.byCourse.get(c.id);
      if (r) reasons.push(`Counts toward ${req.program}: ${r}`);
      return {
        code: c.code,
        title: c.title,
        subject: c.subjectCode,
        score: roundScore(base(j)),
        reasons,
      };
    }),
    nextTerm: nextTerm?.label ?? null,
    ignored,
    runId: model.runId,
  };
}

/** The preferSubject filter's factor on each vocabulary index's score (preferenceFactor), for a subject given by code or name. */
async function subjectFactor(
  db: Db,
  inst: number,
  catalog: Catalog,
  model: RnnVocabulary,
  subject: string,
): Promise<Float32Array> {
  const s =
    catalog.subjects.get(subject) ??
    [...catalog.subjects.values()].find((x) => x.name.toLowerCase() === subject.toLowerCase());
  if (!s) throw new AppError("invalid_request", `Unknown subject "${subject.slice(0, 64)}"`);
  return preferenceFactor(catalog, model, s.code, await findSubjectScores(db, inst, s.code));
}
