import type { Scorer } from "./types";

/** Every course equally likely: with it the planner is requirement-greedy in catalog order. */
export function uniformScorer(n: number): Scorer {
  const row = new Float32Array(n).fill(1 / Math.max(1, n));
  return (histories) => histories.map(() => row);
}

/** Course counts by (major, term of career): `${major}|${k}` → counts by course index, k from 0. */
export function careerPopularity(
  histories: { terms: number[][]; majors: string[] }[],
  n: number,
): Map<string, Float32Array> {
  const table = new Map<string, Float32Array>();
  for (const h of histories)
    h.terms.forEach((term, k) => {
      for (const m of h.majors.length ? h.majors : [""]) {
        const key = `${m}|${k}`;
        let row = table.get(key);
        if (!row) table.set(key, (row = new Float32Array(n)));
        for (const c of term) row[c]!++;
      }
    });
  return table;
}

/**
 * Popularity by term of career within the major: the next term of a history with k terms scores
 * each course by how many students of the same major(s) took it in their (k+1)th term, normalised.
 */
export function careerPopularityScorer(
  table: Map<string, Float32Array>,
  majors: string[],
  n: number,
): Scorer {
  return (histories) =>
    histories.map((h) => {
      const k = h.filter((t) => t.length > 0).length;
      const row = new Float32Array(n);
      for (const m of majors.length ? majors : [""]) {
        const counts = table.get(`${m}|${k}`) ?? table.get(`${m}|${k - 1}`);
        if (counts) for (let c = 0; c < n; c++) row[c]! += counts[c]!;
      }
      const sum = row.reduce((a, b) => a + b, 0);
      if (sum > 0) for (let c = 0; c < n; c++) row[c]! /= sum;
      return row;
    });
}
