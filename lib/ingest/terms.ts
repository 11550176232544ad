export const SEASONS = ["Winter", "Spring", "Summer", "Fall"] as const;
export type Season = (typeof SEASONS)[number];

export type Term = { label: string; year: number; season: Season; ordinal: number };

const SEASON_BY_NAME = new Map<string, Season>(SEASONS.map((s) => [s.toLowerCase(), s]));

/**
 * Parses `Fall 2019`, `2019 Fall`, `fall-2019`, `2019_spring` (any case). Winter sorts first in its
 * year (Winter 2020 is January 2020), so the ordinal is year * 4 + season index.
 */
export function parseTerm(text: string): Term | null {
  const m = /^\s*(?:([a-z]+)[\s\-_/]*(\d{4})|(\d{4})[\s\-_/]*([a-z]+))\s*$/i.exec(text);
  if (!m) return null;
  const name = (m[1] ?? m[4] ?? "").toLowerCase();
  const year = Number(m[2] ?? m[3]);
  const season = SEASON_BY_NAME.get(name);
  if (!season || year < 1900 || year > 2200) return null;
  return makeTerm(year, season);
}

export function makeTerm(year: number, season: Season): Term {
  return { label: `${season} ${year}`, year, season, ordinal: year * 4 + SEASONS.indexOf(season) };
}

export function termFromOrdinal(ordinal: number): Term {
  return makeTerm(Math.floor(ordinal / 4), SEASONS[ordinal % 4]!);
}
