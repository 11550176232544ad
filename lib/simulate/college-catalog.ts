import { createRng, type Rng } from "../random";
import type { SimCatalog, SimClass } from "./catalog";
import { describeCollegeOnly, describeEquivalent, titleFor } from "./college-text";
import { COLLEGE_ONLY, COLLEGE_ONLY_PREREQS, type CollegeOnlyKind } from "./college-only";
import { COLLEGE_SUBJECTS } from "./college-subjects";
import type { SubjectSpec } from "./subjects";

/** One planted articulation: a college course and the one or two university courses it counts for. */
export type Equivalence = { college: number; univ: number[] };

export type CollegeCatalog = SimCatalog & {
  equivalences: Equivalence[];
  /** University class id → the college class that counts for it. */
  collegeOf: Map<number, number>;
  /** College class id → "transfer" (has an equivalent) or the kind of college-only course. */
  kindOf: (CollegeOnlyKind | "transfer")[];
  idOf: Map<string, number>;
  /** The college's English composition course (everyone's general education). */
  englishId: number;
};

/** Chances, per university lower-division course after a subject's intro, of no equivalent or a merge. */
const NO_EQUIVALENT = 0.12;
const ONE_TO_TWO = 0.25;
const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
const BASES = [1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 15, 16, 18, 20, 22, 25, 28, 30, 33, 35, 36, 40, 44, 46, 48];

/**
 * The college's catalog: for each mirrored university subject, its lower-division courses become
 * college courses (one-to-one, one college course for two consecutive ones, or none), numbered the
 * community-college way (MATH 1A/1B, CIS 22A, ECON 2), plus the college-only courses.
 */
export function buildCollegeCatalog(seed: number, uni: SimCatalog, years: number): CollegeCatalog {
  const rng = createRng(seed * 15485863 + 101);
  const textRng = createRng(seed * 32452843 + 7);
  const uniSubjects = new Map(uni.subjects.map((s) => [s.code, s]));
  const subjects: SubjectSpec[] = COLLEGE_SUBJECTS.map((s) => ({
    code: s.code,
    name: s.name,
    division: s.division,
    popularity: 1,
    related: [],
    topics: s.mirrors.flatMap((m) => uniSubjects.get(m)!.topics),
  }));
  const classes: SimClass[] = [];
  const kindOf: CollegeCatalog["kindOf"] = [];
  const bySubject = new Map<string, number[]>(subjects.map((s) => [s.code, []]));
  const equivalences: Equivalence[] = [];
  // Numbers taken, as "SUBJECT n": 1A and 1 share the number 1, so a subject never has both.
  const used = new Set(
    COLLEGE_ONLY.map((c) => `${c.code.split(" ")[0]} ${parseInt(c.code.split(" ")[1]!, 10)}`),
  );
  const add = (cls: Omit<SimClass, "id">, kind: CollegeOnlyKind | "transfer") => {
    const id = classes.length;
    classes.push({ ...cls, id });
    kindOf.push(kind);
    bySubject.get(cls.codes[0]!.subject)!.push(id);
    return id;
  };

  // Each college course's place in its sequence (the college names some by it: "Calculus II").
  const sequenceOf = new Map<number, { first: number; position: number }>();
  for (const subj of COLLEGE_SUBJECTS) {
    let base = rng.int(2);
    for (const mirror of subj.mirrors) {
      const lower = uni.bySubject
        .get(mirror)!
        .filter((id) => uni.classes[id]!.level === 1 && uni.classes[id]!.codes[0]!.subject === mirror);
      const groups = groupEquivalents(rng, lower, subj.division === "Languages");
      const numbers = numberSequence(rng, subj.code, groups.length, used, base);
      base = numbers.nextBase;
      groups.forEach((group, i) => {
        const units = group.length > 1 ? 5 : rng.pick([3, 4, 4, 5]);
        const id = add(
          {
            codes: [
              { code: `${subj.code} ${numbers.codes[i]}`, subject: subj.code, number: numbers.codes[i]! },
            ],
            title: "",
            description: "",
            level: 1,
            units,
            offered: i === 0 ? ["Fall", "Spring", "Summer"] : offeringsFor(rng),
            prereqs: [],
            popularity: group.reduce((s, u) => s + uni.classes[u]!.popularity, 0) / group.length,
            firstYear: 0,
            lastYear: years - 1,
            isIntro: i === 0,
          },
          "transfer",
        );
        equivalences.push({ college: id, univ: group });
        sequenceOf.set(id, { first: id - i, position: i });
      });
    }
  }
  const collegeOf = new Map(equivalences.flatMap((e) => e.univ.map((u) => [u, e.college] as const)));

  for (const c of COLLEGE_ONLY) {
    const subject = c.code.split(" ")[0]!;
    add(
      {
        codes: [{ code: c.code, subject, number: c.code.slice(subject.length + 1) }],
        title: c.title,
        description: describeCollegeOnly(textRng, c),
        level: 1,
        units: c.kind === "general" && subject === "KIN" ? 1 : c.kind === "remedial" ? 4 : 3,
        offered: c.kind === "vocational" ? ["Fall", "Spring"] : ["Fall", "Spring", "Summer"],
        prereqs: [],
        popularity: c.kind === "general" ? 1 : 0.6,
        firstYear: 0,
        lastYear: years - 1,
        isIntro: false,
      },
      c.kind,
    );
  }
  const idOf = new Map(classes.map((c) => [c.codes[0]!.code, c.id]));
  for (const [course, after] of Object.entries(COLLEGE_ONLY_PREREQS))
    classes[idOf.get(course)!]!.prereqs.push(idOf.get(after)!);

  const english = uni.classes.find((c) => c.title === "Reading and Composition" && c.level === 1);
  const englishId = collegeOf.get(english!.id)!;
  const subjectOf = new Map(subjects.map((s) => [s.code, s]));
  for (const e of equivalences) {
    const cls = classes[e.college]!;
    // The university's prerequisites, through the equivalences; the college drops some (placement,
    // concurrent enrolment), so its sequences are looser than the university's.
    const prereqs = new Set(
      e.univ
        .flatMap((u) => uni.classes[u]!.prereqs.map((p) => collegeOf.get(p)))
        .filter((p) => p !== undefined),
    );
    cls.prereqs = [...prereqs].filter((p) => p !== e.college && !rng.chance(0.25));
    const gateway =
      cls.isIntro && cls.codes[0]!.subject === "MATH" ? "MATH 220 or placement by assessment" : undefined;
    const prerequisite = cls.prereqs.length
      ? cls.prereqs.map((p) => classes[p]!.codes[0]!.code).join(" and ")
      : e.college === englishId
        ? "ENGL 200 or placement"
        : gateway;
    const uniClasses = e.univ.map((u) => uni.classes[u]!);
    const seq = sequenceOf.get(e.college)!;
    const subject = subjectOf.get(cls.codes[0]!.subject)!;
    cls.title =
      seq.position > 0 && uniClasses.length === 1 && textRng.chance(0.2)
        ? `${classes[seq.first]!.title.replace(/ I$/, "")} ${ROMAN[seq.position]}`
        : titleFor(textRng, uniClasses, `${subject.name} ${ROMAN[seq.position]}`);
    cls.description = describeEquivalent(textRng, {
      uni: uniClasses,
      subject,
      collegeTitle: cls.title,
      prerequisite,
      previous: seq.position > 0 ? classes[e.college - 1]!.codes[0]!.code : undefined,
      englishCode: classes[englishId]!.codes[0]!.code,
    });
  }
  return { classes, bySubject, subjects, equivalences, collegeOf, kindOf, idOf, englishId };
}

/** Walks a subject's lower-division sequence: the intro always has an equivalent; later ones may merge or vanish. */
function groupEquivalents(rng: Rng, lower: number[], isLanguage: boolean): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < lower.length; i++) {
    if (i === 0) groups.push([lower[0]!]);
    else if (rng.chance(NO_EQUIVALENT)) continue;
    else if (!isLanguage && i + 1 < lower.length && rng.chance(ONE_TO_TWO))
      groups.push([lower[i]!, lower[++i]!]);
    else groups.push([lower[i]!]);
  }
  return groups;
}

/** Community-college numbers for one sequence: 1A, 1B, 1C … or 22, 23, 24 …, none already used. */
function numberSequence(
  rng: Rng,
  subject: string,
  count: number,
  used: Set<string>,
  from: number,
): { codes: string[]; nextBase: number } {
  const lettered = count >= 2 && rng.chance(0.65);
  for (let b = from; ; b++) {
    const base = BASES[b] ?? 50 + b;
    const numbers = lettered ? [base] : Array.from({ length: count }, (_, i) => base + i);
    if (numbers.some((n) => used.has(`${subject} ${n}`))) continue;
    for (const n of numbers) used.add(`${subject} ${n}`);
    const codes = lettered
      ? Array.from({ length: count }, (_, i) => `${base}${String.fromCharCode(65 + i)}`)
      : numbers.map(String);
    return { codes, nextBase: b + 1 + rng.int(2) };
  }
}

function offeringsFor(rng: Rng): SimClass["offered"] {
  const r = rng.next();
  if (r < 0.6) return ["Fall", "Spring"];
  if (r < 0.8) return ["Fall", "Spring", "Summer"];
  return r < 0.9 ? ["Fall"] : ["Spring"];
}
