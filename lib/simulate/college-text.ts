import type { Rng } from "../random";
import type { SimClass } from "./catalog";
import { isLevelTopic, listOf, toSentenceCase } from "./catalog-text";
import type { CollegeOnlyCourse } from "./college-only";
import { COLLEGE_TITLES } from "./college-subjects";
import type { SubjectSpec } from "./subjects";

/**
 * The college's wording. Its titles rename the university's (a table of real-sounding names, else a
 * generic rewording), and its descriptions paraphrase the university course's: they usually name
 * the same topic and some of the same subtopics, with the college's own openers, other subtopics
 * and boilerplate (units, transfer, prerequisites), so descriptions alone match only part of the time.
 */

const LANGUAGE = /^(Elementary|Intermediate|Advanced) (.+)$/;

/**
 * A college title for one university course. A one-to-two course joins its two topics when they
 * are short ("Genetics and Molecular Biology"), else takes its place in the sequence ("Physics II").
 */
export function titleFor(rng: Rng, uni: SimClass[], sequenceTitle: string): string {
  if (uni.length > 1) {
    const [a, b] = uni.map((c) => c.title) as [string, string];
    const long = /,|:| and /;
    return long.test(a) || long.test(b) ? sequenceTitle : `${a} and ${b.replace(/^The /, "the ")}`;
  }
  const title = uni[0]!.title;
  const named = COLLEGE_TITLES[title];
  if (named && rng.chance(0.85)) return rng.pick(named);
  const lang = LANGUAGE.exec(title);
  if (lang) {
    const [, stage, language] = lang as unknown as [string, string, string];
    if (stage === "Elementary") return rng.pick([`Elementary ${language} I`, `Beginning ${language}`]);
    if (stage === "Intermediate") return rng.pick([`Intermediate ${language} I`, `Intermediate ${language}`]);
    return rng.pick([`Advanced ${language} Conversation`, `${language} Composition and Conversation`]);
  }
  if (title.startsWith("Introduction to ")) {
    const rest = title.slice("Introduction to ".length);
    return rng.pick([title, `Principles of ${rest}`, `Survey of ${rest}`]);
  }
  if (isLevelTopic(title) || title.startsWith("The ")) return title;
  return rng.pick([title, `Introduction to ${title}`, `Fundamentals of ${title}`, `Principles of ${title}`]);
}

const OPENERS = [
  (t: string) => `Introduces the principles and methods of ${t}.`,
  (t: string) => `Covers the fundamental concepts of ${t}, with an emphasis on problem solving.`,
  (t: string) => `Students explore ${t} through lecture, discussion and applications.`,
  (t: string) => `A transfer-level course in ${t}.`,
  (t: string) => `This course surveys ${t}.`,
];

const LANGUAGE_OPENERS = {
  Elementary: (l: string) =>
    `Beginning ${l}: listening, speaking, reading and writing for students with no prior study of ${l}.`,
  Intermediate: (l: string) => `Second-year ${l}, continuing grammar, conversation and reading.`,
  Advanced: (l: string) => `Conversation and composition in ${l} based on readings and films.`,
} as const;

const BOILERPLATE = [
  "Lecture 3 hours, discussion 1 hour.",
  "Lecture 3 hours, laboratory 3 hours.",
  "Transferable to UC and CSU.",
  "Satisfies the general education requirement.",
  "",
];

/** How often a paraphrase names the university's topic, and how often a sequence course is only "Continuation of …". */
const NAMES_TOPIC = 0.5;
const CONTINUATION = 0.3;

/** A paraphrase of the university courses' descriptions (one, or two for a one-to-two course). */
export function describeEquivalent(
  rng: Rng,
  o: {
    uni: SimClass[];
    subject: SubjectSpec;
    collegeTitle: string;
    prerequisite: string | undefined;
    /** The course before it in the college's sequence, if any. */
    previous: string | undefined;
    englishCode: string;
  },
): string {
  const { uni, subject } = o;
  const lang = LANGUAGE.exec(uni[0]!.title);
  const parts: string[] = [];
  const shared = rng.shuffle(uni.flatMap((c) => c.mentions ?? [])).slice(0, rng.int(3));
  const titles = new Set(uni.map((c) => c.title));
  const others = rng
    .shuffle(subject.topics.filter((t) => !titles.has(t) && !shared.includes(t) && !isLevelTopic(t)))
    .slice(0, rng.int(3));
  const mixed = rng.shuffle([...shared, ...others]).map(toSentenceCase);
  if (lang && uni.length === 1) {
    parts.push(LANGUAGE_OPENERS[lang[1] as keyof typeof LANGUAGE_OPENERS](lang[2]!));
  } else if (o.previous && rng.chance(CONTINUATION)) {
    // Terse catalogs describe a sequence's later courses by the one before.
    parts.push(`Continuation of ${o.previous}.`);
    if (mixed.length) parts.push(`Further topics in ${listOf(mixed.slice(0, 1))}.`);
  } else {
    // Sometimes the university's topic words, otherwise only the college's own title.
    const own = o.collegeTitle.replace(/^(Introduction to|Principles of|Fundamentals of|Survey of) /, "");
    const named = rng.chance(NAMES_TOPIC)
      ? listOf(uni.map((c) => toSentenceCase(c.title)))
      : toSentenceCase(own);
    parts.push(rng.pick(OPENERS)(named));
    if (mixed.length)
      parts.push(
        rng.pick([
          `Includes ${listOf(mixed)}.`,
          `Emphasis on ${listOf(mixed)}.`,
          `Topics: ${listOf(mixed)}.`,
        ]),
      );
  }
  if (o.prerequisite)
    parts.push(`Prerequisite: ${o.prerequisite}${rng.chance(0.4) ? " or equivalent" : ""}.`);
  else if (rng.chance(0.3)) parts.push(`Recommended: eligibility for ${o.englishCode}.`);
  parts.push(rng.pick(BOILERPLATE));
  return parts.filter(Boolean).join(" ");
}

const ONLY_OPENERS = [
  (a: string) => `Covers ${a}.`,
  (a: string) => `Introduces ${a}.`,
  (a: string) => `Practical instruction in ${a}.`,
];

const ONLY_CLOSERS: Record<CollegeOnlyCourse["kind"], string[]> = {
  remedial: ["Not transferable; prepares students for transfer-level coursework.", "Pass/no pass option."],
  esl: ["For students whose first language is not English.", "Placement by the ESL assessment."],
  general: ["Transferable to CSU.", "Satisfies the general education requirement.", ""],
  vocational: [
    "Prepares students for entry-level employment.",
    "Hands-on laboratory work.",
    "Lecture 2 hours, laboratory 3 hours.",
  ],
};

export function describeCollegeOnly(rng: Rng, course: CollegeOnlyCourse): string {
  return [rng.pick(ONLY_OPENERS)(course.about), rng.pick(ONLY_CLOSERS[course.kind])]
    .filter(Boolean)
    .join(" ");
}
