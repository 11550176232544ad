import { FALL_SLOT, SLOTS, SPRING_SLOT, WINTER_SLOT, slotOf, termFromOrdinal, type Term } from "./terms";

export const CALENDARS = ["semester", "quarter"] as const;
export type CalendarKind = (typeof CALENDARS)[number];

/** An institution's calendar: which terms are its regular ones, and what it calls the autumn term. */
export type Calendar = { kind: CalendarKind; fallName: "Fall" | "Autumn" };

export const DEFAULT_CALENDAR: Calendar = { kind: "semester", fallName: "Fall" };

/** Regular terms, by slot: the terms most students enroll in (summer and short terms are not). */
const REGULAR: Record<CalendarKind, number[]> = {
  semester: [SPRING_SLOT, FALL_SLOT],
  quarter: [WINTER_SLOT, SPRING_SLOT, FALL_SLOT],
};

/**
 * The regular term after `last` in this calendar: on semesters Fall → Spring and Spring, Summer,
 * a January term or Winter → the next regular term; on quarters Autumn → Winter → Spring → Autumn.
 */
export function nextRegularTerm(last: Term, calendar: Calendar = DEFAULT_CALENDAR): Term {
  const slot = slotOf(last.ordinal);
  const base = last.ordinal - slot;
  const next = REGULAR[calendar.kind].find((s) => s > slot);
  const ordinal = next === undefined ? base + SLOTS + REGULAR[calendar.kind][0]! : base + next;
  return termFromOrdinal(ordinal, calendar.fallName);
}

/**
 * Reads the calendar off the enrollments per term: a quarter system enrolls about as many students
 * in Winter as in Spring; a semester system has no Winter term or a small winter session.
 */
export function detectCalendar(rowsByOrdinal: Map<number, number>, autumnNamed: boolean): Calendar {
  let winter = 0;
  let spring = 0;
  for (const [ordinal, rows] of rowsByOrdinal) {
    if (slotOf(ordinal) === WINTER_SLOT) winter += rows;
    if (slotOf(ordinal) === SPRING_SLOT) spring += rows;
  }
  const kind: CalendarKind = spring > 0 && winter >= 0.5 * spring ? "quarter" : "semester";
  return { kind, fallName: autumnNamed ? "Autumn" : "Fall" };
}

export function parseCalendar(text: string): Calendar | null {
  const [kind, fall] = text.split(":");
  if (!CALENDARS.includes(kind as CalendarKind)) return null;
  return { kind: kind as CalendarKind, fallName: fall === "Autumn" ? "Autumn" : "Fall" };
}

/** Stored form: `quarter:Autumn`. */
export function formatCalendar(c: Calendar): string {
  return `${c.kind}:${c.fallName}`;
}
