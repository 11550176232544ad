import { buildContext } from "./context";
import { explainTerms, explainUnmet } from "./explain";
import { indexRequirements } from "./requirements";
import { searchPlan } from "./search";
import {
  DEFAULT_SEARCH,
  PlanInputError,
  type Plan,
  type PlanCatalog,
  type PlanInput,
  type Scorer,
  type SearchOptions,
} from "./types";

/**
 * A plan to graduation: from the history, term after term on the institution's calendar until the
 * program's requirements are met or `maxTerms` is reached, each term's courses chosen by a beam
 * search that feeds its planned terms back into the model (see searchPlan). Every plan keeps the
 * rules that checkPlan checks; a requirement left unmet comes with the reason.
 */
export function planTerms(
  catalog: PlanCatalog,
  input: PlanInput,
  scorer: Scorer,
  options: Partial<SearchOptions> = {},
): Plan {
  const { load } = input;
  if (!(load.min >= 0 && load.max >= 1 && load.min <= load.max))
    throw new PlanInputError(
      `The load must satisfy 0 <= min <= max and max >= 1 (got ${load.min}-${load.max})`,
    );
  if (!(input.maxTerms >= 1)) throw new PlanInputError("Plan at least one term");
  const ctx = buildContext(catalog, input);
  const perTerm = new Map<number, number>();
  for (const [c, t] of [...ctx.pinAt, ...ctx.forcedAt]) {
    const w = load.unit === "units" ? (catalog.courses[c]!.units ?? ctx.typicalUnits) : 1;
    perTerm.set(t, (perTerm.get(t) ?? 0) + w);
  }
  for (const [t, used] of perTerm)
    if (used > load.max)
      throw new PlanInputError(
        `The pinned courses and the prerequisites they need by then come to ${used} ${load.unit} in ${ctx.terms[t]!.label}, above the load's ${load.max}`,
      );
  const req = indexRequirements(ctx);
  const { best, stats } = searchPlan(ctx, req, scorer, { ...DEFAULT_SEARCH, ...options });
  const unmet = explainUnmet(ctx, req, best);
  for (const [c, t] of ctx.pinAt)
    if (!best.terms[t]?.courses.includes(c))
      unmet.push({
        requirement: `${catalog.courses[c]!.code} pinned to ${ctx.terms[t]!.label}`,
        reason: "No plan within the load and term limit could place it there",
      });
  return { terms: explainTerms(ctx, req, best), unmet, stats };
}
