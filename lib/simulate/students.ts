import { createRng, cumulative, drawIndex, type Rng } from "../random";
import type { SimCatalog, SimClass } from "./catalog";
import type { SimProgram } from "./programs";

export type SimEnrollment = { student: string; term: string; code: string; majors: string; grade: string };

type Season = "Spring" | "Summer" | "Fall";

/**
 * What a student's term is drawn from, as the simulator sees it before drawing (hidden state
 * included: credit from elsewhere, standing, the load): lets a benchmark compute the best
 * recall any model could reach (scripts/bench/rnn-levers.ts --oracle). The sets are live: copy them.
 */
export type TermObservation = { student: string; term: string; majors: number[]; state: TermState };
type Profile = {
  id: string;
  majors: number[];
  firstMajor: number;
  switchAfter: number;
  transfer: boolean;
  partTime: boolean;
  start: number;
};

const GRADES = ["A", "A-", "B+", "B", "B-", "C+", "C", "P"];

/**
 * Simulates students term by term. Each term a student takes unmet requirements of their major(s)
 * first, then electives drawn from their major, related subjects and breadth intros, respecting
 * prerequisites, offerings and course lifespans. Emits enrollments through `emit` (streamed).
 */
export function simulateStudents(
  catalog: SimCatalog,
  programs: SimProgram[],
  opts: {
    seed: number;
    students: number;
    years: number;
    startYear: number;
    transferHistory?: TransferHistory;
    observe?: (o: TermObservation) => void;
  },
  emit: (e: SimEnrollment) => void,
  onProgress?: (done: number) => void,
): void {
  const rng = createRng(opts.seed * 104729 + 3);
  const subjects = catalog.subjects;
  const majorCum = cumulative(subjects.map((s) => s.popularity));
  const pools = subjects.map((_, m) => buildPool(catalog, m));
  // Entering cohorts from 2 years before the export window to 2 years before its end, so the
  // window holds whole careers as well as careers cut off at either edge.
  const cohorts = opts.years + 1;
  for (let n = 0; n < opts.students; n++) {
    const profile = makeProfile(rng, n, majorCum, subjects, Math.floor((n * cohorts) / opts.students) - 2);
    simulateOne(rng, catalog, programs, pools, profile, opts, emit);
    if (onProgress && n % 2000 === 0) onProgress(n);
  }
  onProgress?.(opts.students);
}

function makeProfile(
  rng: Rng,
  n: number,
  majorCum: Float64Array,
  subjects: SimCatalog["subjects"],
  cohortYear: number,
): Profile {
  const major = drawIndex(majorCum, rng.next());
  const majors = [major];
  if (rng.chance(0.1)) {
    const related = subjects[major]!.related.map((r) => subjects.findIndex((s) => s.code === r)).filter(
      (i) => i >= 0,
    );
    const second = rng.chance(0.7) && related.length ? rng.pick(related) : drawIndex(majorCum, rng.next());
    if (second !== major) majors.push(second);
  }
  const switches = rng.chance(0.12);
  return {
    id: `S${(1_000_000 + n * 7 + (n % 5)).toString()}`,
    majors,
    firstMajor: switches ? drawIndex(majorCum, rng.next()) : major,
    switchAfter: switches ? 2 + rng.int(2) : 0,
    transfer: rng.chance(0.12),
    partTime: rng.chance(0.08),
    start: cohortYear * 3 + (rng.chance(0.85) ? 2 : 0), // term index: year * 3 + (0 Spring, 1 Summer, 2 Fall)
  };
}

export type Pool = { ids: number[]; cum: Float64Array };

/**
 * Where a transfer student's first terms happen (the partner college): given their majors and first
 * term here, returns the classes here that their earlier courses count for.
 */
export type TransferHistory = (p: {
  id: string;
  majors: number[];
  start: number;
  partTime: boolean;
}) => Set<number>;

/** Electives a major draws from: own subject strongly, related subjects, then breadth intros. */
export function buildPool(catalog: SimCatalog, major: number): Pool {
  const weight = electiveWeights(catalog, major);
  const ids = [...weight.keys()];
  return { ids, cum: cumulative(ids.map((id) => weight.get(id)!)) };
}

/** A major's elective weights by class id (the partner college mirrors them for its students). */
export function electiveWeights(catalog: SimCatalog, major: number): Map<number, number> {
  const subj = catalog.subjects[major]!;
  const weight = new Map<number, number>();
  const add = (id: number, w: number) =>
    weight.set(id, (weight.get(id) ?? 0) + w * catalog.classes[id]!.popularity);
  for (const id of catalog.bySubject.get(subj.code)!) add(id, 6);
  subj.related.forEach((r, i) => catalog.bySubject.get(r)?.forEach((id) => add(id, 1.6 / (1 + i * 0.3))));
  // Breadth: a few lower-division courses anywhere (intros are the popular ones).
  for (const c of catalog.classes) if (c.level === 1) add(c.id, 0.1);
  return weight;
}

function simulateOne(
  rng: Rng,
  catalog: SimCatalog,
  programs: SimProgram[],
  pools: Pool[],
  p: Profile,
  opts: {
    years: number;
    startYear: number;
    transferHistory?: TransferHistory;
    observe?: (o: TermObservation) => void;
  },
  emit: (e: SimEnrollment) => void,
): void {
  const taken = new Set<number>();
  const takenBefore = new Set<number>(); // taken in earlier terms (prerequisites count only those)
  const regularTerms = p.transfer ? 4 : p.partTime ? 11 : 8;
  const lastTermIndex = opts.years * 3 - 1;
  let regularDone = 0;
  if (p.transfer && opts.transferHistory) {
    // First terms at the partner college: what counts here is done; the rest of the lower division is taken here.
    for (const id of opts.transferHistory({
      id: p.id,
      majors: p.majors,
      start: p.start,
      partTime: p.partTime,
    })) {
      takenBefore.add(id);
      taken.add(id);
    }
  } else if (p.transfer) {
    // Lower-division work done elsewhere: prerequisites met, but nothing of it appears here.
    for (const m of p.majors)
      for (const id of catalog.bySubject.get(catalog.subjects[m]!.code)!)
        if (catalog.classes[id]!.level === 1) {
          takenBefore.add(id);
          taken.add(id);
        }
  }
  for (let t = p.start; regularDone < regularTerms && t <= lastTermIndex; t++) {
    const season = (["Spring", "Summer", "Fall"] as const)[((t % 3) + 3) % 3]!;
    const yearIndex = Math.floor(t / 3);
    const standing = (p.transfer ? 2 : 0) + Math.floor(regularDone / 2); // 0 freshman … 3 senior
    let load: number;
    if (season === "Summer") {
      if (!rng.chance(0.2)) continue;
      load = 1 + rng.int(2);
    } else {
      regularDone++;
      if (rng.chance(0.04)) continue; // stop-out
      load = p.partTime ? 2 + rng.int(2) : rng.chance(0.6) ? 4 : rng.chance(0.5) ? 3 : 5;
      if (!p.partTime && rng.chance(0.5)) load++; // a fifth (or sixth) course: labs, seminars, one-unit classes
    }
    const majors = regularDone <= p.switchAfter ? [p.firstMajor] : p.majors;
    const state = { years: opts.years, season, yearIndex, standing, load, taken, takenBefore };
    if (yearIndex >= 0)
      opts.observe?.({ student: p.id, term: `${season} ${opts.startYear + yearIndex}`, majors, state });
    const picks = chooseCourses(rng, catalog, programs, pools, majors, state);
    if (yearIndex < 0) {
      for (const id of picks) {
        taken.add(id);
        takenBefore.add(id);
      }
      continue; // before the registrar's export begins
    }
    const term = `${season} ${opts.startYear + yearIndex}`;
    const majorCodes = majors.map((m) => catalog.subjects[m]!.code).join(";");
    for (const id of picks) {
      const cls = catalog.classes[id]!;
      emit({
        student: p.id,
        term,
        code: codeFor(
          rng,
          cls,
          majors.map((m) => catalog.subjects[m]!.code),
        ),
        majors: majorCodes,
        grade: rng.pick(GRADES),
      });
      taken.add(id);
    }
    for (const id of picks) takenBefore.add(id);
  }
}

/** A cross-listed class is usually taken under the code of the student's own major. */
export function codeFor(rng: Rng, cls: SimClass, majorSubjects: string[]): string {
  if (cls.codes.length === 1) return cls.codes[0]!.code;
  const own = cls.codes.find((c) => majorSubjects.includes(c.subject));
  return own && rng.chance(0.8) ? own.code : rng.pick(cls.codes).code;
}

export type TermState = {
  years: number;
  season: Season;
  yearIndex: number;
  standing: number;
  load: number;
  taken: Set<number>;
  takenBefore: Set<number>;
};

function isEligible(cls: SimClass, s: TermState, years: number): boolean {
  if (s.taken.has(cls.id) || !cls.offered.includes(s.season)) return false;
  const y = Math.max(0, Math.min(years - 1, s.yearIndex));
  if (s.yearIndex >= 0 && (y < cls.firstYear || y > cls.lastYear)) return false;
  if (cls.level === 3 && s.standing < 3) return false;
  if (cls.level === 2 && s.standing < 1) return false;
  return cls.prereqs.every((p) => s.takenBefore.has(p));
}

export function chooseCourses(
  rng: Rng,
  catalog: SimCatalog,
  programs: SimProgram[],
  pools: Pool[],
  majors: number[],
  s: TermState,
): number[] {
  const picks: number[] = [];
  const ok = (id: number) => !picks.includes(id) && isEligible(catalog.classes[id]!, s, s.years);
  // Requirements first: each unmet requirement offers one eligible course with a standing-dependent chance.
  for (const m of majors) {
    for (const req of programs[m]!.requirements) {
      if (picks.length >= s.load) break;
      const done = req.classes.filter((id) => s.taken.has(id)).length;
      if (done >= req.count) continue;
      const eager = req.name.startsWith("Lower")
        ? 0.85
        : req.name.startsWith("Upper")
          ? s.standing >= 1
            ? 0.7
            : 0
          : 0.3;
      if (!rng.chance(eager)) continue;
      // A "one of" slot: students pick the option they prefer, so options compete (planted substitutes).
      const options = req.classes.filter(ok);
      if (options.length)
        picks.push(req.count === 1 && options.length > 1 ? options[rng.int(options.length)]! : options[0]!);
    }
  }
  const pool = pools[rng.pick(majors)]!;
  for (let tries = 0; picks.length < s.load && tries < 80; tries++) {
    const id = pool.ids[drawIndex(pool.cum, rng.next())]!;
    const cls = catalog.classes[id]!;
    // Freshmen lean to lower-division work, seniors away from it.
    if (cls.level === 1 && s.standing >= 2 && rng.chance(0.6)) continue;
    if (ok(id)) picks.push(id);
  }
  return picks;
}
