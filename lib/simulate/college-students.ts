import { cumulative, drawIndex, type Rng } from "../random";
import type { SimCatalog } from "./catalog";
import type { CollegeCatalog } from "./college-catalog";
import { CERTIFICATES } from "./college-only";
import type { SimProgram } from "./programs";
import { electiveWeights, type SimEnrollment } from "./students";

/** One college career: a transfer-track student (university majors) or a certificate student. */
export type CollegeStudent = {
  id: string;
  /** University subject indices whose lower-division sequence the student follows; empty on a certificate. */
  majors: number[];
  certificate?: number;
  /** The major written in the college's enrollments (its own codes: CIS, BIOL, AUTO, UNDC, …). */
  major: string;
  start: number; // term index: year * 3 + (0 Spring, 1 Summer, 2 Fall)
  end: number; // last term index the student may enrol in
  regularTerms: number;
  partTime: boolean;
  /** Basic-skills courses to take first: levels of remedial mathematics (0-3), English, ESL. */
  mathRemedial: number;
  englishRemedial: boolean;
  esl: boolean;
};

type Pool = { ids: number[]; cum: Float64Array };

export type CollegeWorld = {
  cc: CollegeCatalog;
  uni: SimCatalog;
  programs: SimProgram[];
  years: number;
  startYear: number;
  pools: Map<number, Pool>;
  certificatePool: Pool;
};

const GRADES = ["A", "A-", "B+", "B", "B-", "C+", "C", "CR", "P"];
const REMEDIAL_MATH = ["MATH 200", "MATH 210", "MATH 220"];
const ESL_TERMS = [
  ["ESL 251", "ESL 261"],
  ["ESL 252", "ESL 271"],
];

export function createCollegeWorld(
  cc: CollegeCatalog,
  uni: SimCatalog,
  programs: SimProgram[],
  opts: { years: number; startYear: number },
): CollegeWorld {
  // Certificate students' other courses: general education, basic skills, popular intros.
  const weight = new Map<number, number>();
  cc.classes.forEach((c, id) => {
    const kind = cc.kindOf[id];
    weight.set(
      id,
      kind === "general" ? 1 : kind === "vocational" ? 0.25 : c.isIntro ? 0.15 * c.popularity : 0,
    );
  });
  weight.set(cc.englishId, 3);
  return { cc, uni, programs, ...opts, pools: new Map(), certificatePool: poolOf(weight) };
}

function poolOf(weight: Map<number, number>): Pool {
  const ids = [...weight.keys()].filter((id) => weight.get(id)! > 0);
  return { ids, cum: cumulative(ids.map((id) => weight.get(id)!)) };
}

/**
 * A transfer-track student's electives: the university major's lower-division elective weights,
 * through the equivalences (courses without one drop out), plus the college's general education.
 */
function transferPool(w: CollegeWorld, major: number): Pool {
  const cached = w.pools.get(major);
  if (cached) return cached;
  const weight = new Map<number, number>();
  let total = 0;
  for (const [u, x] of electiveWeights(w.uni, major)) {
    const c = w.cc.collegeOf.get(u);
    if (c === undefined || w.uni.classes[u]!.level !== 1) continue;
    weight.set(c, (weight.get(c) ?? 0) + x);
    total += x;
  }
  const general = w.cc.classes.filter((c) => w.cc.kindOf[c.id] === "general");
  for (const c of general) weight.set(c.id, (0.15 * total) / general.length);
  const pool = poolOf(weight);
  w.pools.set(major, pool);
  return pool;
}

/** Simulates one college career, emitting its enrollments inside the export window; returns the
 * university classes its courses count for. */
export function simulateCollegeCareer(
  rng: Rng,
  w: CollegeWorld,
  s: CollegeStudent,
  emit: (e: SimEnrollment) => void,
): Set<number> {
  const { cc } = w;
  const taken = new Set<number>();
  const takenBefore = new Set<number>();
  const id = (code: string) => cc.idOf.get(code)!;
  const remedial = REMEDIAL_MATH.slice(3 - s.mathRemedial).map(id);
  const certificate = s.certificate === undefined ? [] : CERTIFICATES[s.certificate]!.courses.map(id);
  let regularDone = 0;
  for (let t = s.start; regularDone < s.regularTerms && t <= s.end; t++) {
    const season = (["Spring", "Summer", "Fall"] as const)[((t % 3) + 3) % 3]!;
    const yearIndex = Math.floor(t / 3);
    let load: number;
    if (season === "Summer") {
      if (!rng.chance(0.3)) continue;
      load = 1 + rng.int(2);
    } else {
      regularDone++;
      if (rng.chance(0.05)) continue; // stop-out
      load = s.partTime ? 2 + rng.int(2) : 3 + rng.int(3);
    }
    const eslDone = !s.esl || taken.has(id("ESL 252"));
    const ok = (c: number, picks: number[]) => {
      const cls = cc.classes[c]!;
      if (picks.includes(c) || taken.has(c) || !cls.offered.includes(season)) return false;
      if (!cls.prereqs.every((p) => takenBefore.has(p))) return false;
      if (cc.kindOf[c] !== "transfer") return true;
      if (!eslDone) return false;
      if (cls.codes[0]!.subject === "MATH" && remedial.some((r) => !takenBefore.has(r))) return false;
      return c !== cc.englishId || !s.englishRemedial || takenBefore.has(id("ENGL 200"));
    };
    const picks: number[] = [];
    const want = (c: number | undefined) => {
      if (c !== undefined && picks.length < load && ok(c, picks)) picks.push(c);
    };
    // Basic skills come first, and push the transfer-level sequence back a term or two.
    if (s.esl)
      for (const code of ESL_TERMS.find((g) => !g.every((c) => taken.has(id(c)))) ?? []) want(id(code));
    want(remedial.find((r) => !taken.has(r)));
    if (s.englishRemedial) want(id("ENGL 200"));
    if (regularDone === 1 && rng.chance(0.3)) want(id("COUN 5"));
    if (s.certificate !== undefined) {
      for (const c of certificate.filter((x) => !taken.has(x)).slice(0, 2)) want(c);
      if (rng.chance(0.5)) want(cc.englishId);
    } else {
      for (const m of s.majors) requirementsFor(rng, w, m, taken).forEach(want);
      if (rng.chance(0.6)) want(cc.englishId);
    }
    const pool = s.certificate === undefined ? transferPool(w, rng.pick(s.majors)) : w.certificatePool;
    for (let tries = 0; picks.length < load && tries < 60; tries++)
      want(pool.ids[drawIndex(pool.cum, rng.next())]);
    if (yearIndex >= 0 && yearIndex < w.years) {
      const term = `${season} ${w.startYear + yearIndex}`;
      for (const c of picks)
        emit({
          student: s.id,
          term,
          code: cc.classes[c]!.codes[0]!.code,
          majors: s.major,
          grade: rng.pick(GRADES),
        });
    }
    for (const c of picks) taken.add(c);
    for (const c of picks) takenBefore.add(c);
  }
  return new Set(cc.equivalences.filter((e) => taken.has(e.college)).flatMap((e) => e.univ));
}

/** The college courses that count for the university major's unmet lower-division requirements. */
function requirementsFor(rng: Rng, w: CollegeWorld, major: number, taken: Set<number>): number[] {
  const out: number[] = [];
  const covered = (u: number) => {
    const c = w.cc.collegeOf.get(u);
    return c !== undefined && taken.has(c);
  };
  for (const req of w.programs[major]!.requirements) {
    const lower = req.classes.filter((u) => w.uni.classes[u]!.level === 1 && w.cc.collegeOf.has(u));
    if (!lower.length || req.classes.filter(covered).length >= req.count) continue;
    if (!rng.chance(req.name.startsWith("Lower") ? 0.8 : 0.3)) continue;
    const options = lower.filter((u) => !covered(u)).map((u) => w.cc.collegeOf.get(u)!);
    if (!options.length) continue; // the rest of it is upper division, taken after the transfer
    // A "one of" slot: the option the student prefers; a core: all of it, in catalog order.
    out.push(...(req.count === 1 ? [options[rng.int(options.length)]!] : options));
  }
  return out;
}
