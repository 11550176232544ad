/**
 * Title and number cues. Articulation officers read the title and the course number first:
 * "Calculus I" beside "Calculus I", "1A" beside "1A", a lower-division course beside a
 * lower-division one. Each cue is in [0, 1]; how much it counts is learned (combine.ts).
 */

/** Jaccard overlap of two token sets (0 when either is empty). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  if (A.size === 0 || B.size === 0) return 0;
  let both = 0;
  for (const t of A) if (B.has(t)) both++;
  return both / (A.size + B.size - both);
}

/** A course number folded for comparison: "001A" → "1A", "1 a" → "1A", "101.5" stays. */
export function foldNumber(number: string): string {
  return number
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/^0+(?=\d)/, "");
}

/** 1 for the same number, 0.5 for the same digits with a different suffix ("1A" / "1B"), else 0. */
export function numberCue(a: string, b: string): number {
  const x = foldNumber(a);
  const y = foldNumber(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const dx = /^\d+/.exec(x)?.[0];
  const dy = /^\d+/.exec(y)?.[0];
  return dx !== undefined && dx === dy ? 0.5 : 0;
}

/**
 * 1 when both courses are at the same level (1 lower-division, 2 upper, 3 graduate), 0 when they
 * differ, 0.5 when either is unknown (0).
 */
export function levelCue(a: number, b: number): number {
  if (a === 0 || b === 0) return 0.5;
  return a === b ? 1 : 0;
}
