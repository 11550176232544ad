import type { Term } from "../ingest/terms";
import type { LoadLimit, PlanCatalog } from "./types";

export type Violation = {
  kind: "prerequisite" | "offering" | "repeat" | "load";
  term: string;
  course?: string;
  detail: string;
};

/**
 * Every way a plan breaks the rules, checked from scratch (independently of the search): a course
 * before one of its prerequisites (a cross-listed partner meets it), in a season it is not taught,
 * taken twice (partners count as one), or a term over the load (or, outside summer, under it while
 * open courses were left unplanned). The evaluation asserts this is empty for every student.
 */
export function checkPlan(
  catalog: PlanCatalog,
  history: { courses: number[] }[],
  terms: { term: Term; courses: number[] }[],
  load: LoadLimit,
  excluded: number[] = [],
): Violation[] {
  const partnersOf = (c: number) => [c, ...catalog.courses[c]!.partners];
  const taken = new Set<number>();
  const markTaken = (c: number) => partnersOf(c).forEach((x) => taken.add(x));
  for (const h of history) h.courses.forEach(markTaken);
  const out: Violation[] = [];
  const units = catalog.courses.flatMap((c) => (c.units === null ? [] : [c.units])).sort((a, b) => a - b);
  const typical = units.length ? units[Math.floor(units.length / 2)]! : 1;
  const weight = (c: number) => (load.unit === "units" ? (catalog.courses[c]!.units ?? typical) : 1);
  for (const { term, courses } of terms) {
    const before = new Set(taken);
    let used = 0;
    for (const c of courses) {
      const course = catalog.courses[c]!;
      const v = (kind: Violation["kind"], detail: string) =>
        out.push({ kind, term: term.label, course: course.code, detail });
      if (taken.has(c)) v("repeat", "already taken or planned (counting cross-listed partners once)");
      const missing = course.prereqs.filter((p) => !partnersOf(p).some((x) => before.has(x)));
      if (missing.length)
        v(
          "prerequisite",
          `needs ${missing.map((p) => catalog.courses[p]!.code).join(", ")} in an earlier term`,
        );
      if (course.offered.length && !course.offered.includes(term.season))
        v("offering", `taught in ${course.offered.join(", ")}, not ${term.season}`);
      markTaken(c);
      used += weight(c);
    }
    if (used > load.max)
      out.push({ kind: "load", term: term.label, detail: `${used} ${load.unit}, above ${load.max}` });
    if (term.season !== "Summer" && used < load.min) {
      const stillOpen = catalog.courses.some(
        (c, i) =>
          !taken.has(i) &&
          !excluded.includes(i) &&
          (c.offered.length === 0 || c.offered.includes(term.season)) &&
          c.prereqs.every((p) => partnersOf(p).some((x) => before.has(x))) &&
          used + weight(i) <= load.max,
      );
      if (stillOpen)
        out.push({ kind: "load", term: term.label, detail: `${used} ${load.unit}, below ${load.min}` });
    }
  }
  return out;
}
