import { env } from "../env";
import { sameSeason } from "../ingest/terms";
import type { Catalog, CourseInfo } from "./catalog";
import type { RnnVocabulary } from "./recommend-model";

/**
 * The vocabulary-wide parts of a recommendation that depend on the catalog and the run only, kept
 * per catalog (a new import is a new catalog object) and run, so that a request does not walk the
 * whole vocabulary (8,484 courses at Berkeley scale) to build them.
 */
const suggestable = new WeakMap<Catalog, Map<string, Uint8Array>>();
const factors = new WeakMap<Map<number, number>, Map<string, Float32Array>>();

/** A retired course is never offered; a course without offerings listed may be. */
export function offeredIn(c: CourseInfo, season: string): boolean {
  if (!c.inCatalog) return false;
  return c.offered.length === 0 || c.offered.some((o) => sameSeason(o, season));
}

/**
 * 1 at each vocabulary index that may be suggested before the request's own filters: a course of the
 * catalog with MIN_STUDENTS students or more and, given a season, offered in it. Shared: copy it
 * before changing it.
 */
export function suggestableMask(catalog: Catalog, model: RnnVocabulary, season: string | null): Uint8Array {
  let byRun = suggestable.get(catalog);
  if (!byRun) suggestable.set(catalog, (byRun = new Map<string, Uint8Array>()));
  const key = `${model.key}|${season ?? ""}`;
  let mask = byRun.get(key);
  if (!mask) {
    mask = Uint8Array.from(model.vocab, (id) => {
      const c = catalog.byId.get(id);
      return c && c.students >= env.MIN_STUDENTS && (season === null || offeredIn(c, season)) ? 1 : 0;
    });
    byRun.set(key, mask);
  }
  return mask;
}

/**
 * A subject preference's factor on each vocabulary index's score, exp(10 · affinity): a soft
 * preference, so a 0.2 higher cosine to the subject is worth ×7. `affinity` gives a course's value
 * for courses of other subjects (absent: 0); the subject's own courses count 1, as like it as
 * anything can be. Kept per affinity table (one per model version and subject) and run.
 */
export function preferenceFactor(
  catalog: Catalog,
  model: RnnVocabulary,
  subjectCode: string,
  affinity: Map<number, number>,
): Float32Array {
  let byRun = factors.get(affinity);
  if (!byRun) factors.set(affinity, (byRun = new Map<string, Float32Array>()));
  let f = byRun.get(model.key);
  if (!f) {
    f = Float32Array.from(model.vocab, (id) =>
      Math.exp(10 * (catalog.byId.get(id)?.subjectCode === subjectCode ? 1 : (affinity.get(id) ?? 0))),
    );
    byRun.set(model.key, f);
  }
  return f;
}
