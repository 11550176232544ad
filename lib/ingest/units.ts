/**
 * Units written as text, as catalogs print them: `3 hours.`, `1 TO 4 hours.`, `3 OR 4 units`,
 * `1-4`, `1.5 credits`. A range keeps its highest value (what a student can earn in one term).
 */
export function parseUnitsText(text: string): string | { error: string } {
  const m =
    /^\s*(\d+(?:\.\d+)?)(?:\s*(?:to|or|-|–)\s*(\d+(?:\.\d+)?))?\s*(?:hours?|units?|credits?|credit hours?)?\.?\s*$/i.exec(
      text,
    );
  if (!m) return { error: `units must read like "3 hours." or "1 TO 4 hours.", got "${text.slice(0, 40)}"` };
  return String(Math.max(Number(m[1]), Number(m[2] ?? m[1])));
}
