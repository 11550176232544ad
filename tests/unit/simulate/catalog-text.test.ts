import { describe, expect, it } from "vitest";
import { buildCatalog } from "@/lib/simulate/catalog";
import { SCALES } from "@/lib/simulate";
import { SUBJECTS } from "@/lib/simulate/subjects";

// Names a catalog always capitalises; listed here, independently of the generator's own list.
const NAMES = [
  ...SUBJECTS.filter((s) => s.division === "Languages").map((s) => s.name),
  ..."Japan China Tibet Korean Hindi Sanskrit Spain Paris Berlin English Latin America American Americas".split(
    " ",
  ),
  ..."Mexico Brazil Asia Asian India Indian Europe African Buddhism Buddhist Zen Himalayan Hispanic".split(
    " ",
  ),
];
const LOWER_NAME = new RegExp(`\\b(${NAMES.map((n) => n.toLowerCase()).join("|")})\\b`, "u");

// A word repeated with only spaces or a title's colon between ("Japanese: Japanese …" counts; a list's comma does not).
function doubledWord(text: string): string | undefined {
  for (const clause of text.toLowerCase().split(/[,.;]/)) {
    const words = clause.match(/[\p{L}\d'-]+/gu) ?? [];
    const i = words.findIndex((w, k) => k > 0 && w === words[k - 1]);
    if (i > 0) return `${words[i - 1]} ${words[i]}`;
  }
  return undefined;
}

describe.each(Object.entries(SCALES))("the simulated catalog at %s scale", (_scale, scale) => {
  const { classes } = buildCatalog(42, scale.perSubject, scale.years);
  const texts = classes.flatMap((c) => [
    { where: `${c.codes[0]!.code} title`, text: c.title },
    { where: `${c.codes[0]!.code} description`, text: c.description },
  ]);

  it("has no word twice in a row (no 'Advanced Advanced Japanese')", () => {
    const bad = texts.flatMap((t) => {
      const d = doubledWord(t.text);
      return d ? [`${t.where}: "${d}" in "${t.text}"`] : [];
    });
    expect(bad).toEqual([]);
  });

  it("never says a course introduces an introduction ('An introductory survey of introduction to geology')", () => {
    const bad = texts
      .filter((t) => /\b(to|of|in) introduction to\b/i.test(t.text))
      .map((t) => `${t.where}: ${t.text}`);
    expect(bad).toEqual([]);
    // The rule has something to bite on: introductory courses exist and their descriptions name the field.
    const intros = classes.filter((c) => /^Introduction to /.test(c.title));
    expect(intros.length).toBeGreaterThan(5);
    for (const c of intros) expect(c.description.toLowerCase()).toContain(c.title.slice(16).toLowerCase());
  });

  it("writes language and place names with capitals, mid-sentence too", () => {
    const bad = texts.filter((t) => LOWER_NAME.test(t.text)).map((t) => `${t.where}: ${t.text}`);
    expect(bad).toEqual([]);
    // The rule has something to bite on: the names do occur in the text.
    expect(texts.filter((t) => /\bJapanese\b/.test(t.text)).length).toBeGreaterThan(5);
  });

  it("starts every title and sentence with a capital, and every title is unique within its subject", () => {
    for (const t of texts) {
      for (const sentence of t.text.split(/(?<=\.) /)) expect(sentence, t.where).toMatch(/^["\p{Lu}\d]/u);
    }
    const seen = new Set<string>();
    for (const c of classes) {
      const key = `${c.codes[0]!.subject}|${c.title}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it("describes courses in sentences, not title case", () => {
    // Mid-sentence common words are lower case: "Topics include data structures", not "Data Structures".
    const titleCased = texts.filter(
      (t) =>
        t.where.endsWith("description") &&
        /include [^.]*\b(Structures|Systems|Theory|Methods)\b/.test(t.text),
    );
    expect(titleCased.map((t) => t.text)).toEqual([]);
  });
});
