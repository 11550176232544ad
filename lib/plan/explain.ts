import { ordinalWord } from "./calendar";
import { NEVER, type PlanContext } from "./context";
import type { RequirementIndex } from "./requirements";
import type { SearchState } from "./search";
import type { PlannedTerm, Unmet } from "./types";

/** The model's reason is given when the course was among this many the model ranked highest then. */
const MODEL_REASON_RANK = 10;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const codeOf = (ctx: PlanContext, c: number) => ctx.catalog.courses[c]!.code;
const membersOf = (ctx: PlanContext, g: number) => {
  const out: number[] = [];
  ctx.group.forEach((x, c) => {
    if (x === g) out.push(c);
  });
  return out;
};

/** Each planned course with why it is there: the requirement it fills, pins, later courses that need it, the model. */
export function explainTerms(ctx: PlanContext, req: RequirementIndex, state: SearchState): PlannedTerm[] {
  const need = Int32Array.from(req.initialNeed);
  const pastTerms = ctx.input.history.filter((h) => h.courses.length > 0).length;
  let planned = 0;
  const termOfGroup = new Map<number, number>();
  state.terms.forEach((x, t) => x.courses.forEach((c) => termOfGroup.set(ctx.group[c]!, t)));
  return state.terms.map((choice, t) => {
    const nth = pastTerms + planned + 1;
    if (choice.courses.length) planned++;
    return {
      term: ctx.terms[t]!,
      courses: choice.courses.map((c, k) => {
        const reasons: string[] = [];
        const g = ctx.group[c]!;
        if (ctx.pinAt.get(c) === t) reasons.push(`Pinned by you to ${ctx.terms[t]!.label}`);
        for (const r of req.ofGroup.get(g) ?? []) {
          if (need[r]! <= 0) continue;
          need[r]!--;
          const spec = ctx.input.requirements[r]!;
          reasons.push(
            `Counts toward ${spec.name} (${spec.count - need[r]!} of ${spec.count} with this plan)`,
          );
        }
        const later = state.terms
          .flatMap((x, u) => (u > t ? x.courses.map((d) => ({ d, u })) : []))
          .filter(({ d }) => ctx.prereqGroups[d]!.includes(g));
        if (later.length)
          reasons.push(
            `Prerequisite of ${later
              .slice(0, 3)
              .map(({ d, u }) => `${codeOf(ctx, d)} (${ctx.terms[u]!.label})`)
              .join(", ")}`,
          );
        if (choice.ranks[k]! <= MODEL_REASON_RANK)
          reasons.push(`Students with histories like yours took it in their ${ordinalWord(nth)} term`);
        else if (reasons.length === 0)
          reasons.push(
            `Fills the term's load: open in ${ctx.terms[t]!.label}, #${choice.ranks[k]} among the open courses for students with histories like yours`,
          );
        return { course: c, reasons };
      }),
    };
  });
}

type Blocker = { kind: "cycle" | "excluded" | "untaught"; text: string };

/** Why course c can never be taken on this calendar: the first blocker found down its prerequisites. */
export function findBlocker(ctx: PlanContext, c: number, path: number[] = []): Blocker | null {
  const H = ctx.terms.length;
  if (ctx.excluded[c]) return { kind: "excluded", text: `${codeOf(ctx, c)} is excluded` };
  let taught = false;
  for (let t = 0; t < H && !taught; t++) taught = ctx.offered[c * H + t] === 1;
  if (ctx.catalog.courses[c]!.retired)
    return { kind: "untaught", text: `${codeOf(ctx, c)} is no longer taught (no recent enrollments)` };
  if (!taught)
    return {
      kind: "untaught",
      text: `${codeOf(ctx, c)} is taught only in ${ctx.catalog.courses[c]!.offered.join(", ")}${ctx.input.summers ? "" : " (summers are skipped)"}`,
    };
  for (const g of ctx.prereqGroups[c]!) {
    const members = membersOf(ctx, g);
    if (ctx.doneBefore[g] || members.some((m) => ctx.earliest[m]! < NEVER)) continue;
    const at = path.indexOf(g);
    if (at >= 0 || g === ctx.group[c]) {
      const loop = [...path.slice(at), g].map((x) => codeOf(ctx, membersOf(ctx, x)[0]!));
      return { kind: "cycle", text: `a prerequisite cycle (${loop.join(" → ")})` };
    }
    for (const m of members) {
      const inner = findBlocker(
        ctx,
        m,
        [...path, ctx.group[c]!, g].filter((x, i, a) => a.indexOf(x) === i),
      );
      if (inner)
        return inner.kind === "cycle"
          ? inner
          : { ...inner, text: `${codeOf(ctx, c)} needs ${inner.text.replace(/ is /, ", which is ")}` };
    }
  }
  return null;
}

/** The longest prerequisite chain ending at c among courses not yet taken (for "needs N terms"). */
function chainTo(ctx: PlanContext, c: number): number[] {
  const chain = [c];
  let cur = c;
  for (let guard = 0; guard < 32; guard++) {
    const next = ctx.prereqGroups[cur]!.filter((g) => !ctx.doneBefore[g])
      .flatMap((g) => membersOf(ctx, g))
      .sort((a, b) => ctx.earliest[b]! - ctx.earliest[a]!)[0];
    if (next === undefined) break;
    chain.unshift(next);
    cur = next;
  }
  return chain;
}

/** For each requirement the plan leaves unmet: which, and why. */
export function explainUnmet(ctx: PlanContext, req: RequirementIndex, state: SearchState): Unmet[] {
  const T = ctx.input.maxTerms;
  const out: Unmet[] = [];
  ctx.input.requirements.forEach((spec, r) => {
    const need = state.need[r]!;
    if (need <= 0) return;
    const options = [...req.groups[r]!].filter((g) => !state.done[g]);
    const reachable = options.filter((g) => membersOf(ctx, g).some((m) => ctx.earliest[m]! < NEVER));
    const inTime = reachable.filter((g) => membersOf(ctx, g).some((m) => ctx.earliest[m]! < T));
    const still = `it needs ${need} more`;
    let reason: string;
    if (reachable.length < need) {
      const blockers = options
        .filter((g) => !reachable.includes(g))
        .map((g) => findBlocker(ctx, membersOf(ctx, g)[0]!)?.text)
        .filter((x): x is string => !!x);
      const left =
        reachable.length === 0
          ? "no offered course left counts for it"
          : `only ${reachable.length} offered course${reachable.length > 1 ? "s" : ""} left count for it`;
      reason = `${still}, and ${left}${blockers.length ? `: ${[...new Set(blockers)].slice(0, 4).join("; ")}` : ""}`;
    } else if (inTime.length < need) {
      const late = reachable
        .filter((g) => !inTime.includes(g))
        .map((g) => membersOf(ctx, g).reduce((a, b) => (ctx.earliest[a]! <= ctx.earliest[b]! ? a : b)))
        .sort((a, b) => ctx.earliest[a]! - ctx.earliest[b]!)[0]!;
      const chain = chainTo(ctx, late).map((c) => codeOf(ctx, c));
      const why = chain.length > 1 ? ` (prerequisite chain ${chain.join(" → ")})` : "";
      reason = `${still}, too few terms: ${codeOf(ctx, late)} can be taken in ${ctx.terms[ctx.earliest[late]!]!.label} at the earliest${why}, after the plan's ${plural(T, "term")}`;
    } else {
      reason = `${still}, too few terms: ${plural(T, "term")} of at most ${plural(ctx.input.load.max, ctx.input.load.unit.slice(0, -1))} leave no room for it`;
    }
    out.push({ requirement: spec.name, reason: reason[0]!.toUpperCase() + reason.slice(1) });
  });
  return out;
}
