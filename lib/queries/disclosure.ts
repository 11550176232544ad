import { env } from "../env";

/** Published student counts are rounded down to a multiple of this. */
export const COUNT_STEP = 5;

/**
 * A student count as it may be published, or null where it must be suppressed (statistical
 * disclosure avoidance, as in published enrollment tables):
 * - fewer than MIN_STUDENTS students: a small cell, suppressed;
 * - its complement in any of `totals` (the students of each course the count is about, minus the
 *   count) under MIN_STUDENTS: publishing it would say that all, or all but a few, of that course's
 *   students did this, so the complementary cell is suppressed too;
 * - otherwise rounded down to a multiple of COUNT_STEP, so two published counts that differ by one
 *   student (a re-import with one record corrected, "A and B" beside "A, then B") usually read the
 *   same and cannot be differenced.
 */
export function publishCount(n: number, totals: number[], min: number = env.MIN_STUDENTS): number | null {
  if (n < min) return null;
  if (totals.some((t) => t - n < min)) return null;
  return Math.floor(n / COUNT_STEP) * COUNT_STEP;
}

/** "45+": a published count reads as the lower end of its band. */
export function formatCount(published: number): string {
  return `${published.toLocaleString("en-US")}+`;
}

/**
 * A recommendation score as published: two significant digits. Five decimals beside leave-one-out
 * reasons let a caller read tiny differences between probing histories; two digits keep the order
 * of the list and what a person needs to compare suggestions.
 */
export function roundScore(p: number): number {
  return p > 0 ? Number(p.toPrecision(2)) : 0;
}
