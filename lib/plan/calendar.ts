import { SEASONS, termFromOrdinal, type Season, type Term } from "../ingest/terms";
import { PlanInputError } from "./types";

/** The seasons a plan steps through: the institution's calendar, without Summer unless asked. */
export function planSeasons(calendar: Season[], summers: boolean): Season[] {
  const seasons = SEASONS.filter((s) => calendar.includes(s) && (summers || s !== "Summer"));
  if (seasons.length === 0)
    throw new PlanInputError(
      summers
        ? "The institution's calendar has no terms to plan"
        : "The institution's calendar has only summer terms: include summers to plan",
    );
  return seasons;
}

/** The `count` terms after `after` whose season is in `seasons`, in order. */
export function upcomingTerms(after: Term, seasons: Season[], count: number): Term[] {
  const out: Term[] = [];
  for (let o = after.ordinal + 1; out.length < count; o++) {
    const t = termFromOrdinal(o);
    if (seasons.includes(t.season)) out.push(t);
  }
  return out;
}

/** English ordinal for "their 5th term". */
export function ordinalWord(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}
