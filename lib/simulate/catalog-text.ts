import type { Rng } from "../random";
import type { SubjectSpec } from "./subjects";

/**
 * The catalog's wording: variant titles and descriptions that read like a registrar's catalog
 * (proper nouns keep their capitals mid-sentence, no "Advanced Advanced …"). Only the text lives
 * here; which classes exist and how students take them is decided in catalog.ts.
 */

/** Upper-division variants of a topic; `kind` decides units and level, not the wording. */
export const VARIANTS: { pattern: string; kind: "plain" | "lab" | "seminar" }[] = [
  { pattern: "Advanced {t}", kind: "plain" },
  { pattern: "Topics in {t}", kind: "plain" },
  { pattern: "{t} Laboratory", kind: "lab" },
  { pattern: "Special Topics in {s}: {t}", kind: "plain" },
  { pattern: "Seminar in {t}", kind: "seminar" },
  { pattern: "{t} in Practice", kind: "plain" },
  { pattern: "Research Methods in {t}", kind: "plain" },
  { pattern: "Directed Study in {t}", kind: "plain" },
  { pattern: "Readings in {t}", kind: "seminar" },
  { pattern: "Perspectives on {t}", kind: "plain" },
  { pattern: "Problems in {t}", kind: "plain" },
  { pattern: "Field Studies in {t}", kind: "lab" },
];

/** Topics that already name a level ("Advanced Japanese") take no level or topic prefix. */
const LEVEL_PREFIX = /^(Introduction|Introductory|Elementary|Intermediate|Advanced|Topics|Foundations)\b/;

export function isLevelTopic(topic: string): boolean {
  return LEVEL_PREFIX.test(topic);
}

/** A variant title, or undefined where the pattern would stack words ("Special Topics in Japanese: Japanese …"). */
export function composeVariantTitle(
  pattern: string,
  topic: string,
  subject: SubjectSpec,
): string | undefined {
  if (isLevelTopic(topic)) return undefined;
  // "Topics in the Cold War", never "Advanced The Cold War".
  if (topic.startsWith("The ")) {
    if (!pattern.includes(" {t}")) return undefined;
    topic = `the ${topic.slice(4)}`;
  }
  if (pattern.includes("{s}") && topic.toLowerCase().startsWith(subject.name.toLowerCase().split(" ")[0]!))
    return undefined;
  const title = pattern.replace("{t}", topic).replace("{s}", subject.name);
  return hasDoubledWord(title) ? undefined : title;
}

/** True when a word repeats back to back, ignoring case; a colon does not separate them, a comma does. */
export function hasDoubledWord(text: string): boolean {
  return text
    .toLowerCase()
    .split(/[,.;]/)
    .some((clause) => {
      const words = clause.match(/[\p{L}\d'-]+/gu) ?? [];
      return words.some((w, i) => i > 0 && w === words[i - 1]);
    });
}

/** Names that keep their capitals inside a sentence (languages, peoples, places, periods, works). */
const PROPER_PHRASES = ["Cold War", "Middle East", "United States", "Don Quixote"];
const PROPER_WORDS = new Set(
  (
    "Japanese Japan Chinese China Tibetan Tibet Korean Hindi Sanskrit Spanish Spain French Paris German " +
    "Berlin English Latin America American Americas Mexico Brazil Asia Asian East South Southeast India " +
    "Indian Himalayan Europe European Western African Black Hispanic Francophone Native Buddhism Buddhist " +
    "Zen Shakespeare Bayesian Renaissance Romantic"
  ).split(" "),
);

/** Sentence case for a title-cased phrase used mid-sentence: "Japanese Popular Culture" → "Japanese popular culture". */
export function toSentenceCase(phrase: string): string {
  const lowerWord = (word: string) => {
    const bare = word.replace(/[^\p{L}\d]/gu, "");
    if (PROPER_WORDS.has(bare) || /^[A-Z\d]{2,}$/.test(bare)) return word;
    return word.charAt(0).toLowerCase() + word.slice(1);
  };
  let out = phrase
    .split(" ")
    .map((word) => word.split("-").map(lowerWord).join("-"))
    .join(" ");
  for (const p of PROPER_PHRASES) out = out.replace(new RegExp(p, "i"), p);
  return out;
}

/** "a, b and c"; semicolons where an item has its own commas ("a; b, c and d; and e"). */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join("");
  if (items.some((i) => i.includes(","))) return `${items.slice(0, -1).join("; ")}; and ${items.at(-1)}`;
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

const LANGUAGE_COURSE = /^(Elementary|Intermediate|Advanced) (.+)$/;

function describeLanguage(rng: Rng, stage: string, language: string): string {
  const focus: Record<string, string> = {
    Elementary: `An introduction to ${language} for students with no previous knowledge of the language. Pronunciation, basic grammar and everyday vocabulary; reading and writing in the script.`,
    Intermediate: `Continues the development of speaking, listening, reading and writing in ${language}, with a review of grammar and readings of increasing length.`,
    Advanced: `Reading and discussion of authentic ${language} texts, films and media, with attention to style, register and composition.`,
  };
  const close = rng.pick([
    "Conducted in the language.",
    "Placement by examination or the previous course.",
    "Five hours of instruction and practice a week.",
  ]);
  return `${focus[stage]} ${close}`;
}

const OPENERS = {
  1: [
    (t: string, s: string) => `An introduction to ${t} for students with no prior background in ${s}.`,
    (t: string) => `An introductory survey of ${t}.`,
    (t: string) => `A first course in ${t}, open to majors and non-majors alike.`,
  ],
  2: [
    (t: string) => `A study of ${t}, combining lectures with weekly discussion sections.`,
    (t: string) => `Examines ${t} through lectures, readings and discussion.`,
    (t: string) => `An upper-division survey of ${t}.`,
  ],
  3: [
    (t: string) => `Graduate seminar on current research in ${t}.`,
    (t: string) => `Advanced study of recent work in ${t}, for graduate students and qualified seniors.`,
  ],
} as const;

const CLOSERS = {
  plain: ["Problem sets and a final examination.", "Weekly readings, two papers and a final project.", ""],
  lab: ["Weekly laboratory sessions and written reports.", "Fieldwork, data collection and a final report."],
  seminar: [
    "Students present readings and write a research paper.",
    "Discussion of weekly readings; a final paper.",
  ],
} as const;

/** A catalog description; `rng` is the description's own stream, so wording never shifts enrollments. */
export function describeCourse(
  rng: Rng,
  opts: { title: string; topic: string; level: 1 | 2 | 3; subject: SubjectSpec; kind: keyof typeof CLOSERS },
): string {
  return describeCourseParts(rng, opts).text;
}

/** The description and the subject's other topics it names (the college paraphrases from them). */
export function describeCourseParts(
  rng: Rng,
  opts: { title: string; topic: string; level: 1 | 2 | 3; subject: SubjectSpec; kind: keyof typeof CLOSERS },
): { text: string; topics: string[] } {
  const { title, topic, level, subject, kind } = opts;
  const lang = LANGUAGE_COURSE.exec(title);
  if (lang && subject.division === "Languages" && lang[2] === subject.name)
    return { text: describeLanguage(rng, lang[1]!, lang[2]), topics: [] };
  const picked = rng.shuffle(subject.topics.filter((t) => t !== topic && !isLevelTopic(t))).slice(0, 3);
  const others = picked.map(toSentenceCase);
  // An "Introduction to X" course is about X: its opener already says it is an introduction or survey.
  const about = toSentenceCase(topic).replace(/^introduction to /, "");
  const opener = rng.pick(OPENERS[level])(about, toSentenceCase(subject.name));
  const topics = others.length ? `Topics include ${listOf(others)}.` : "";
  const closer = rng.pick(CLOSERS[level === 3 ? "seminar" : kind]);
  return { text: [opener, topics, closer].filter(Boolean).join(" "), topics: picked };
}
