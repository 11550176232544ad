/**
 * Term names an institution may use, in the order they fall in a calendar year. A term's ordinal is
 * year * SLOTS + slot, so it sorts chronologically: a January term or MIT's IAP (January) sits between
 * Fall and Spring, Winter quarter (January to March) after it, a May term between Spring and Summer.
 * Fall and Autumn are two names for the same slot (quarter systems such as Stanford's say Autumn).
 */
export const SEASONS = [
  "January term",
  "IAP",
  "Winter",
  "Spring",
  "May term",
  "Summer",
  "Fall",
  "Autumn",
] as const;
export type Season = (typeof SEASONS)[number];

export const SLOTS = 8;
const SLOT: Record<Season, number> = {
  "January term": 0,
  IAP: 0,
  Winter: 1,
  Spring: 2,
  "May term": 3,
  Summer: 4,
  Fall: 5,
  Autumn: 5,
};
export const FALL_SLOT = SLOT.Fall;
export const WINTER_SLOT = SLOT.Winter;
export const SPRING_SLOT = SLOT.Spring;

export type Term = { label: string; year: number; season: Season; ordinal: number };

/** Names as written in registrar files, after lower-casing and collapsing spaces, dashes and underscores. */
const SEASON_BY_NAME = new Map<string, Season>([
  ...SEASONS.map((s) => [s.toLowerCase(), s] as const),
  ["jan term", "January term"],
  ["january", "January term"],
  ["j term", "January term"],
  ["jterm", "January term"],
  ["winter intersession", "January term"],
  ["intersession", "January term"],
  ["wintersession", "January term"],
  ["independent activities period", "IAP"],
  ["maymester", "May term"],
  ["may", "May term"],
]);

/** A season name as a registrar writes it (`autumn`, `J-Term`, `IAP`, …), or null. */
export function parseSeason(text: string): Season | null {
  return (
    SEASON_BY_NAME.get(
      text
        .trim()
        .toLowerCase()
        .replace(/[\s\-_]+/g, " "),
    ) ?? null
  );
}

/**
 * Parses `Fall 2019`, `2019 Fall`, `fall-2019`, `2019_spring`, `Autumn 2019`, `January term 2020`,
 * `IAP 2020`, `J-Term 2020` (any case).
 */
export function parseTerm(text: string): Term | null {
  const m = /^\s*(?:([a-z][a-z \-_]*?)[\s\-_/]*(\d{4})|(\d{4})[\s\-_/]*([a-z][a-z \-_]*?))\s*$/i.exec(text);
  if (!m) return null;
  const season = parseSeason(m[1] ?? m[4] ?? "");
  const year = Number(m[2] ?? m[3]);
  if (!season || year < 1900 || year > 2200) return null;
  return makeTerm(year, season);
}

export function makeTerm(year: number, season: Season): Term {
  return { label: `${season} ${year}`, year, season, ordinal: year * SLOTS + SLOT[season] };
}

export function slotOf(ordinal: number): number {
  return ((ordinal % SLOTS) + SLOTS) % SLOTS;
}

/** The term at an ordinal; `fallName` says what the institution calls the autumn term. */
export function termFromOrdinal(ordinal: number, fallName: "Fall" | "Autumn" = "Fall"): Term {
  const slot = slotOf(ordinal);
  const season = slot === FALL_SLOT ? fallName : SEASONS.find((s) => SLOT[s] === slot)!;
  return makeTerm(Math.floor(ordinal / SLOTS), season);
}

/** Two names for one slot (Fall and Autumn) are the same term. */
export function sameSeason(a: string, b: string): boolean {
  const x = parseSeason(a);
  const y = parseSeason(b);
  return x !== null && y !== null && SLOT[x] === SLOT[y];
}
