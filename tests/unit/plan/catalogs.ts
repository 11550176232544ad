import { parseTerm, type Season, type Term } from "@/lib/ingest/terms";
import {
  DEFAULT_LOAD,
  type PlanCatalog,
  type PlanInput,
  type PlanRequirement,
  type Scorer,
} from "@/lib/plan/types";

type Spec = { offered?: Season[]; prereqs?: string[]; partners?: string[]; units?: number | null };

/** A hand-made catalog from `{ CODE: { offered, prereqs, partners } }`, with a code → index lookup. */
export function makeCatalog(
  spec: Record<string, Spec>,
  seasons: Season[] = ["Spring", "Summer", "Fall"],
): { catalog: PlanCatalog; at: (code: string) => number; code: (i: number) => string } {
  const codes = Object.keys(spec);
  const at = (code: string) => {
    const i = codes.indexOf(code);
    if (i < 0) throw new Error(`no course ${code} in the test catalog`);
    return i;
  };
  const courses = codes.map((code) => {
    const s = spec[code]!;
    return {
      code,
      title: `Course ${code}`,
      subject: code.replace(/\d+$/, ""),
      units: s.units === undefined ? 4 : s.units,
      offered: s.offered ?? [],
      prereqs: (s.prereqs ?? []).map(at),
      partners: [] as number[],
    };
  });
  codes.forEach((code, i) => {
    for (const p of spec[code]!.partners ?? []) {
      courses[i]!.partners.push(at(p));
      courses[at(p)]!.partners.push(i);
    }
  });
  return { catalog: { courses, seasons }, at, code: (i) => codes[i]! };
}

export const term = (label: string): Term => parseTerm(label)!;

/** Filler courses F1..Fn with no prerequisites, taught every season. */
export function fillers(n: number): Record<string, Spec> {
  return Object.fromEntries(Array.from({ length: n }, (_x, i) => [`F${i + 1}`, {}]));
}

export function makeInput(over: Partial<PlanInput> & { requirements: PlanRequirement[] }): PlanInput {
  return {
    history: [],
    after: term("Fall 2024"),
    maxTerms: 10,
    load: DEFAULT_LOAD,
    pinned: [],
    excluded: [],
    summers: false,
    ...over,
  };
}

/** A scorer that likes some courses more than others, whatever the history. */
export function fixedScorer(n: number, liked: Record<number, number> = {}): Scorer {
  const row = new Float64Array(n).fill(1 / n);
  for (const [c, p] of Object.entries(liked)) row[Number(c)] = p;
  return (histories) => histories.map(() => row);
}
