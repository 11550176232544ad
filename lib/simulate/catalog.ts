import { createRng, type Rng } from "../random";
import {
  composeVariantTitle,
  describeCourse,
  describeCourseParts,
  isLevelTopic,
  VARIANTS,
} from "./catalog-text";
import { CROSS_LISTED_TOPICS, SUBJECTS, type SubjectSpec } from "./subjects";

/** One class as students experience it; a cross-listed class has several codes (one per subject). */
export type SimClass = {
  id: number;
  codes: { code: string; subject: string; number: string }[];
  title: string;
  description: string;
  /** The subject's other topics the description names (what the college's paraphrase draws on). */
  mentions?: string[];
  level: 1 | 2 | 3;
  units: number;
  offered: ("Fall" | "Spring" | "Summer")[];
  prereqs: number[]; // class ids
  popularity: number;
  firstYear: number; // first simulated year offered (0-based)
  lastYear: number; // last simulated year offered
  isIntro: boolean;
};

type Kind = (typeof VARIANTS)[number]["kind"];

export type SimCatalog = { classes: SimClass[]; bySubject: Map<string, number[]>; subjects: SubjectSpec[] };

/**
 * Builds the simulated catalog: `perSubject` courses in each subject (topics first, then variants),
 * Berkeley-style numbers (1-99 lower, 100-199 upper, 200+ graduate, C-numbers for cross-listed
 * classes), prerequisite chains inside subjects and towards MATH, offerings, and years of life.
 */
export function buildCatalog(seed: number, perSubject: number, years: number): SimCatalog {
  const rng = createRng(seed * 7919 + 17);
  // Wording draws from its own stream, so rewording the catalog never changes who takes what.
  const textRng = createRng(seed * 104729 + 3);
  const classes: SimClass[] = [];
  const bySubject = new Map<string, number[]>(SUBJECTS.map((s) => [s.code, []]));
  const crossTopics = new Set(CROSS_LISTED_TOPICS.map((c) => c.topic));
  const introOf = new Map<string, number>();

  for (const subj of SUBJECTS) {
    const topics = subj.topics.filter((t) => !crossTopics.has(t));
    const lowerCount = Math.max(2, Math.round(topics.length * 0.35));
    const plan: { title: string; level: 1 | 2 | 3; topic: string; kind: Kind }[] = [];
    topics.forEach((t, i) => plan.push({ title: t, level: i < lowerCount ? 1 : 2, topic: t, kind: "plain" }));
    const upperTopics = topics.slice(lowerCount).filter((t) => !isLevelTopic(t));
    const variantTopics = upperTopics.length ? upperTopics : topics.filter((t) => !isLevelTopic(t));
    for (const t of variantTopics.slice(0, 3))
      plan.push({ title: `Graduate Seminar in ${t}`, level: 3, topic: t, kind: "seminar" });
    const n = Math.max(1, variantTopics.length);
    for (let v = 0; plan.length < perSubject && v < 40 * n * VARIANTS.length; v++) {
      const t = variantTopics[v % n];
      const variant = VARIANTS[Math.floor(v / n) % VARIANTS.length]!;
      const round = Math.floor(v / (n * VARIANTS.length));
      const base = t === undefined ? undefined : composeVariantTitle(variant.pattern, t, subj);
      if (t === undefined || base === undefined) continue;
      const title = base + (round > 0 ? ` ${romanOf(round + 1)}` : "");
      const level = variant.kind === "seminar" && v % 3 === 0 ? 3 : 2;
      plan.push({ title, level, topic: t, kind: variant.kind });
    }
    const numbers = numberCourses(plan.slice(0, Math.max(perSubject, lowerCount + 2)).map((p) => p.level));
    plan.slice(0, numbers.length).forEach((p, i) => {
      const id = classes.length;
      const isIntro = p.level === 1 && i === 0;
      const text = describeCourseParts(textRng, { ...p, subject: subj });
      classes.push({
        id,
        codes: [{ code: `${subj.code} ${numbers[i]}`, subject: subj.code, number: numbers[i]! }],
        title: p.title,
        description: text.text,
        mentions: text.topics,
        level: p.level,
        units: p.level === 1 ? 4 : p.kind === "lab" ? 2 : rng.chance(0.7) ? 4 : 3,
        offered: offeringsFor(rng, p.level, isIntro),
        prereqs: [],
        popularity: popularityFor(rng, p.level, i, isIntro),
        ...lifespan(rng, years, i < lowerCount + 4),
        isIntro,
      });
      bySubject.get(subj.code)!.push(id);
      if (isIntro) introOf.set(subj.code, id);
    });
  }

  CROSS_LISTED_TOPICS.forEach((x, i) => {
    const id = classes.length;
    const number = `C${108 + i * 2}`;
    const home = SUBJECTS.find((s) => s.code === x.subjects[0])!;
    classes.push({
      id,
      codes: x.subjects.map((s) => ({ code: `${s} ${number}`, subject: s, number })),
      title: x.topic,
      description:
        describeCourse(textRng, { title: x.topic, topic: x.topic, level: 2, subject: home, kind: "plain" }) +
        ` Also listed as ${x.subjects
          .slice(1)
          .map((s) => `${s} ${number}`)
          .join(" and ")}.`,
      level: 2,
      units: 4,
      offered: offeringsFor(rng, 2, false),
      prereqs: [],
      popularity: 0.9,
      firstYear: 0,
      lastYear: years - 1,
      isIntro: false,
    });
    for (const s of x.subjects) bySubject.get(s)!.push(id);
  });

  addPrerequisites(rng, classes, bySubject, introOf);
  return { classes, bySubject, subjects: SUBJECTS };
}

function romanOf(n: number): string {
  return ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n] ?? String(n);
}

function numberCourses(levels: (1 | 2 | 3)[]): string[] {
  const used = new Set<string>();
  const counters = { 1: 0, 2: 0, 3: 0 };
  const totals = { 1: 0, 2: 0, 3: 0 };
  for (const l of levels) totals[l]++;
  const base = { 1: 1, 2: 100, 3: 200 };
  const span = { 1: 98, 2: 99, 3: 99 };
  return levels.map((l) => {
    const i = counters[l]++;
    const n = base[l] + Math.floor((i * span[l]) / Math.max(1, totals[l]));
    let code = String(n);
    for (let k = 0; used.has(code); k++)
      code = `${n}${String.fromCharCode(65 + (k % 26))}${k >= 26 ? Math.floor(k / 26) : ""}`;
    used.add(code);
    return code;
  });
}

function offeringsFor(rng: Rng, level: 1 | 2 | 3, isIntro: boolean): SimClass["offered"] {
  if (isIntro) return ["Fall", "Spring", "Summer"];
  if (level === 1) return rng.chance(0.3) ? ["Fall", "Spring", "Summer"] : ["Fall", "Spring"];
  const r = rng.next();
  if (r < 0.55) return ["Fall", "Spring"];
  return r < 0.78 ? ["Fall"] : ["Spring"];
}

function popularityFor(rng: Rng, level: 1 | 2 | 3, index: number, isIntro: boolean): number {
  const base = isIntro ? 3 : level === 1 ? 1.4 : level === 2 ? 1 / (1 + index * 0.08) : 0.15;
  return base * Math.exp(rng.normal() * 0.45);
}

function lifespan(rng: Rng, years: number, isCore: boolean): { firstYear: number; lastYear: number } {
  if (isCore || years < 4) return { firstYear: 0, lastYear: years - 1 };
  const r = rng.next();
  if (r < 0.1) return { firstYear: 1 + rng.int(Math.floor(years / 2)), lastYear: years - 1 };
  if (r < 0.18) return { firstYear: 0, lastYear: Math.floor(years / 2) + rng.int(Math.ceil(years / 2) - 1) };
  return { firstYear: 0, lastYear: years - 1 };
}

const MATH_USERS = new Set(["COMPSCI", "ELENG", "PHYSICS", "ECON", "STAT", "MECENG", "CIVENG", "DATA"]);

function addPrerequisites(
  rng: Rng,
  classes: SimClass[],
  bySubject: Map<string, number[]>,
  introOf: Map<string, number>,
): void {
  const mathIntro = introOf.get("MATH");
  for (const [subject, ids] of bySubject) {
    const own = ids.filter((id) => classes[id]!.codes[0]!.subject === subject);
    const lower = own.filter((id) => classes[id]!.level === 1);
    const upper = own.filter((id) => classes[id]!.level === 2);
    // Lower-division sequence: each lower course after the intro needs the one before it (A → B → C).
    lower.forEach((id, i) => {
      if (i > 0) classes[id]!.prereqs.push(lower[Math.min(i - 1, 1)]!);
    });
    upper.forEach((id, i) => {
      const c = classes[id]!;
      c.prereqs.push(lower[Math.min(lower.length - 1, i % 2 === 0 ? 1 : 0)]!);
      if (i >= 3 && rng.chance(0.35)) c.prereqs.push(upper[rng.int(Math.min(i, 3))]!);
      if (mathIntro !== undefined && MATH_USERS.has(subject) && subject !== "MATH" && rng.chance(0.3))
        c.prereqs.push(mathIntro);
    });
    for (const id of own.filter((x) => classes[x]!.level === 3))
      if (upper.length) classes[id]!.prereqs.push(upper[rng.int(Math.min(4, upper.length))]!);
  }
  for (const c of classes) c.prereqs = [...new Set(c.prereqs)].filter((p) => p !== c.id);
  // Cross-listed classes need their home subject's intro.
  for (const c of classes)
    if (c.codes.length > 1) c.prereqs = [introOf.get(c.codes[0]!.subject)!].filter((x) => x !== undefined);
}
