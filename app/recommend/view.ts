import { currentInstitution } from "@/lib/institution-request";
import { getDb } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { isAppError } from "@/lib/errors";
import {
  findPreparation,
  findProgramChecklist,
  type ChecklistItem,
  type PrepareStep,
} from "@/lib/queries/programs";
import { recommendCourses } from "@/lib/queries/recommend";
import { exploreCourses, type ExploreItem } from "@/lib/queries/explore";
import { parseHistoryText } from "@/lib/validations/history-text";
import type { RecommendResponse } from "@/lib/validations/api";

/** What the recommend form says, whether it came in a POST body or a shared link's query. */
export type RecommendInput = {
  history: string;
  majors: string[];
  program: string;
  prefer: string;
  offered: boolean;
  requirementsOnly: boolean;
  showTaken: boolean;
  target: string;
  /** "Surprise me" was pressed: also courses to explore beyond the student's subjects. */
  surprise: boolean;
};

export type RecommendView = {
  input: RecommendInput;
  result: RecommendResponse | null;
  error: string;
  checklist: ChecklistItem[] | null;
  prep: { steps: PrepareStep[] } | { error: string } | null;
  explore?: ExploreItem[] | null;
};

export const EMPTY_INPUT: RecommendInput = {
  history: "",
  majors: [],
  program: "",
  prefer: "",
  offered: false,
  requirementsOnly: false,
  showTaken: false,
  target: "",
  surprise: false,
};

/** Reads the form's fields from FormData or URLSearchParams (the same names either way). */
export function readRecommendInput(
  get: (k: string) => string,
  getAll: (k: string) => string[],
): RecommendInput {
  return {
    history: get("history").slice(0, 8000),
    majors: getAll("major").filter(Boolean).slice(0, 4),
    program: get("program").slice(0, 200),
    prefer: get("prefer").slice(0, 64),
    offered: get("offered") === "1",
    requirementsOnly: get("req") === "1",
    showTaken: get("taken") === "1",
    target: get("target").slice(0, 64),
    surprise: get("mode") === "explore",
  };
}

/** Suggestions, the program checklist and a preparation plan for one form; nothing is stored or logged. */
export async function computeRecommendView(input: RecommendInput): Promise<RecommendView> {
  const db = getDb();
  const inst = (await currentInstitution()).id;
  const { history, problems } = parseHistoryText(input.history);
  let result: RecommendResponse | null = null;
  let error = problems.join(" ");
  if (!error && (history.length || input.majors.length)) {
    try {
      result = await recommendCourses(db, inst, {
        history,
        majors: input.majors,
        program: input.program || undefined,
        filters: {
          preferSubject: input.prefer || undefined,
          offeredNextTerm: input.offered,
          requirementsOnly: input.requirementsOnly && !!input.program,
          hideTaken: !input.showTaken,
        },
        limit: 15,
      });
    } catch (err) {
      if (isAppError(err)) error = err.message;
      else throw err;
    }
  }
  const catalog = await getCatalog(db, inst);
  const takenIds = history
    .flatMap((h) => h.courses)
    .flatMap((c) => {
      const x = catalog.byCode.get(c);
      return x ? [x.id] : [];
    });
  const checklist = input.program
    ? await findProgramChecklist(db, inst, input.program, takenIds).catch(() => null)
    : null;
  const prep = input.target
    ? await findPreparation(db, inst, input.target, takenIds).then(
        (p) => ({ steps: p.steps }),
        (e: Error) => ({ error: e.message }),
      )
    : null;
  const explore =
    input.surprise && !error && history.length
      ? await exploreCourses(
          db,
          inst,
          history.flatMap((h) => h.courses),
          input.majors,
          8,
          { ignoreUnknownMajors: true },
        ).catch((e: unknown) => {
          if (isAppError(e)) return null;
          throw e;
        })
      : null;
  return { input, result, error, checklist, prep, explore };
}
