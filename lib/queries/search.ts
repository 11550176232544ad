import type { Catalog, CourseInfo } from "./catalog";

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

function tokenScore(token: string, words: string[]): number {
  let best = 0;
  for (const w of words) {
    if (w === token) return 1;
    if (w.startsWith(token)) best = Math.max(best, token.length >= 2 ? 0.9 : 0.6);
    else if (token.length >= 4 && w[0] === token[0]) {
      // Typos rarely hit the first letter; checking it first skips most edit-distance work.
      const allowed = token.length >= 8 ? 2 : 1;
      const d = editDistance(token, w.slice(0, token.length + allowed), allowed);
      if (d <= allowed) best = Math.max(best, d === 1 ? 0.7 : 0.5);
    }
  }
  return best;
}

/**
 * Type-ahead search over code, title, subject and description, tolerant of case, spacing and small
 * typos: "cs61a" finds COMPSCI 61A, "machin learning" finds Machine Learning. Every query word must
 * match something; title and code matches outrank description matches; popular courses break ties.
 */
export function searchCourses(catalog: Catalog, query: string, limit = 20): CourseInfo[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const compactQ = q.replace(/[^a-z0-9]/g, "");
  const tokens = q.split(/[^a-z0-9]+/).filter(Boolean);
  const scored: { c: CourseInfo; s: number }[] = [];
  for (const c of catalog.courses) {
    let s = 0;
    if (compactQ.length >= 2) {
      for (const k of c.compact) {
        if (k === compactQ) s = Math.max(s, 100);
        else if (k.startsWith(compactQ)) s = Math.max(s, 60);
      }
    }
    let all = tokens.length > 0;
    let tokenTotal = 0;
    for (const t of tokens) {
      const title = tokenScore(t, c.words);
      const desc = title > 0 ? 0 : tokenScore(t, c.descWords) * 0.3;
      if (title + desc === 0) {
        all = false;
        break;
      }
      tokenTotal += title * 10 + desc * 10;
    }
    if (all) s = Math.max(s, tokenTotal);
    if (s > 0) scored.push({ c, s: s + Math.log10(1 + c.students) * 0.5 });
  }
  return scored
    .sort((a, b) => b.s - a.s || a.c.code.localeCompare(b.c.code))
    .slice(0, limit)
    .map((x) => x.c);
}
