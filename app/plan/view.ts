import { currentInstitution } from "@/lib/institution-request";
import { getDb } from "@/lib/db/client";
import { findCourse } from "@/lib/queries/catalog";
import { getPlanCatalog, planCourses } from "@/lib/queries/plan";
import { findProgramChecklist, type ChecklistItem } from "@/lib/queries/programs";
import { isAppError } from "@/lib/errors";
import { parseHistoryText } from "@/lib/validations/history-text";
import { planRequestSchema, type PlanResponse } from "@/lib/validations/plan";
import { ZodError } from "zod";

/** The plan form's fields, as typed (the names of its inputs and of its saved copy). */
export type PlanFormInput = {
  history: string;
  majors: string[];
  program: string;
  terms: string;
  min: string;
  max: string;
  unit: string;
  summers: boolean;
  pins: string;
  excluded: string;
  wanted: string;
};

export const EMPTY_PLAN_INPUT: PlanFormInput = {
  history: "",
  majors: [],
  program: "",
  terms: "10",
  min: "3",
  max: "5",
  unit: "courses",
  summers: false,
  pins: "",
  excluded: "",
  wanted: "",
};

/** A requirement with what the history has done and what the plan adds, for the checklist. */
export type PlanChecklistItem = ChecklistItem & { planned: string[] };

export type PlanView = {
  input: PlanFormInput;
  result: PlanResponse | null;
  checklist: PlanChecklistItem[] | null;
  error: string;
};

export function readPlanInput(one: (k: string) => string, all: (k: string) => string[]): PlanFormInput {
  const cap = (s: string, n: number) => s.slice(0, n);
  return {
    history: cap(one("history"), 8000),
    majors: all("major").filter(Boolean).slice(0, 4),
    program: cap(one("program"), 200),
    terms: cap(one("terms"), 4) || EMPTY_PLAN_INPUT.terms,
    min: cap(one("min"), 4) || EMPTY_PLAN_INPUT.min,
    max: cap(one("max"), 4) || EMPTY_PLAN_INPUT.max,
    unit: one("unit") === "units" ? "units" : "courses",
    summers: one("summers") === "1",
    pins: cap(one("pins"), 4000),
    excluded: cap(one("excluded"), 4000),
    wanted: cap(one("wanted"), 2000),
  };
}

const codes = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((c) => c.trim())
    .filter(Boolean);

/** Runs the planner for the form's fields; problems come back as one readable message. */
export async function computePlanView(input: PlanFormInput): Promise<PlanView> {
  const view: PlanView = { input, result: null, checklist: null, error: "" };
  const history = parseHistoryText(input.history);
  const pins = parseHistoryText(input.pins);
  const problems = [...history.problems, ...pins.problems.map((p) => `Pinned courses: ${p}`)];
  if (!input.program) problems.push("Choose the program to plan for.");
  if (problems.length) return { ...view, error: problems.join(" ") };
  const db = getDb();
  const inst = (await currentInstitution()).id;
  try {
    const result = await planCourses(
      db,
      inst,
      planRequestSchema.parse({
        history: history.history,
        majors: input.majors,
        program: input.program,
        maxTerms: Number(input.terms),
        load: { min: Number(input.min), max: Number(input.max), unit: input.unit },
        pinned: pins.history.flatMap((h) => h.courses.map((course) => ({ term: h.term, course }))),
        excluded: codes(input.excluded),
        wanted: codes(input.wanted),
        summers: input.summers,
      }),
    );
    const { catalog, prepared } = await getPlanCatalog(db, inst);
    // A cross-listed partner counts as the course itself, as the planner counts it.
    const idsOf = (list: string[]) =>
      list.flatMap((code) => {
        const c = findCourse(catalog, code);
        const i = c ? prepared.indexOf.get(c.id) : undefined;
        if (i === undefined) return [];
        return [i, ...prepared.plan.courses[i]!.partners].map((x) => catalog.courses[x]!.id);
      });
    const past = idsOf(history.history.flatMap((h) => h.courses));
    const planned = result.terms.flatMap((t) => t.courses.map((c) => c.code));
    const [before, after] = await Promise.all([
      findProgramChecklist(db, inst, input.program, past),
      findProgramChecklist(db, inst, input.program, [...past, ...idsOf(planned)]),
    ]);
    const pastCodes = new Set(before.flatMap((item) => item.done.map((d) => d.code)));
    // A requirement may list the cross-listed partner of the planned code: show the planned one.
    const plannedAs = new Map<string, string>();
    for (const code of planned) {
      const c = findCourse(catalog, code);
      const i = c ? prepared.indexOf.get(c.id) : undefined;
      if (i === undefined) continue;
      for (const x of [i, ...prepared.plan.courses[i]!.partners])
        plannedAs.set(catalog.courses[x]!.code, code);
    }
    const { plan: _stats, ...answer } = result;
    return {
      ...view,
      result: answer,
      checklist: after.map((item, i) => ({
        ...item,
        done: before[i]!.done,
        planned: item.done.flatMap((d) => (pastCodes.has(d.code) ? [] : [plannedAs.get(d.code) ?? d.code])),
      })),
    };
  } catch (err) {
    if (err instanceof ZodError)
      return { ...view, error: err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
    if (isAppError(err)) return { ...view, error: err.message };
    throw err;
  }
}
