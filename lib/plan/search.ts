import type { PlanContext } from "./context";
import type { RequirementIndex } from "./requirements";
import type { Scorer, SearchOptions } from "./types";

/** One planned term as the search chose it: courses with the model's probability and rank then. */
export type TermChoice = { courses: number[]; probs: number[]; ranks: number[] };

export type SearchState = {
  terms: TermChoice[];
  done: Uint8Array; // groups taken (history + plan)
  need: Int32Array; // per requirement, still needed
  score: number;
};

export type SearchResult = {
  best: SearchState;
  finished: boolean;
  stats: { statesExpanded: number; scorerCalls: number; ms: number; budgetHit: boolean };
};

const LOG_CLAMP = 6;
const NEEDED_FLOOR = -2;

/**
 * Beam search over terms with the model in the loop: each state's history (the student's terms,
 * then the state's planned terms) goes to the scorer, and the probabilities it returns rank that
 * state's candidate courses for the next term. A candidate is worth log(p · n) (its probability
 * against a uniform guess, clamped), plus `requirementWeight` for each requirement it advances,
 * plus `unlockWeight` when it is a prerequisite of a requirement that cannot otherwise progress.
 * Each state spawns a few term sets (the greedy one, then ones that each leave out one greedy
 * pick); the best `beamWidth` distinct states go on. The first term in which some state meets
 * every requirement (with every pin placed) ends the search; past the time budget it continues
 * greedily.
 */
export function searchPlan(
  ctx: PlanContext,
  req: RequirementIndex,
  scorer: Scorer,
  opts: SearchOptions,
): SearchResult {
  const started = performance.now();
  const T = ctx.input.maxTerms;
  const stats = { statesExpanded: 0, scorerCalls: 0, ms: 0, budgetHit: false };
  const historyTerms = ctx.input.history.map((h) => h.courses).filter((t) => t.length > 0);
  const root: SearchState = {
    terms: [],
    done: Uint8Array.from(ctx.doneBefore),
    need: req.initialNeed,
    score: 0,
  };
  const lastPin = Math.max(-1, ...ctx.pinAt.values());
  const isFinished = (s: SearchState, t: number) => t >= lastPin && s.need.every((x) => x === 0);
  if (isFinished(root, -1)) return { best: root, finished: true, stats };
  let beam = [root];
  for (let t = 0; t < T; t++) {
    const greedy = performance.now() - started >= opts.budgetMs;
    if (greedy) stats.budgetHit = true;
    const width = greedy ? 1 : opts.beamWidth;
    const variants = greedy ? 1 : opts.variants;
    const probs = scorer(
      beam.map((s) => [...historyTerms, ...s.terms.map((x) => x.courses).filter((x) => x.length)]),
    );
    stats.scorerCalls++;
    const children = new Map<string, SearchState>();
    beam.forEach((s, i) => {
      for (const child of expand(ctx, req, s, t, probs[i]!, variants, opts)) {
        stats.statesExpanded++;
        const key = doneKey(child.done);
        const old = children.get(key);
        if (!old || old.score < child.score) children.set(key, child);
      }
    });
    const ranked = [...children.values()].sort((a, b) => b.score - a.score);
    if (ranked.length === 0) break;
    const finished = ranked.filter((s) => isFinished(s, t));
    if (finished.length) {
      stats.ms = performance.now() - started;
      return { best: finished[0]!, finished: true, stats };
    }
    beam = ranked.slice(0, width);
  }
  stats.ms = performance.now() - started;
  // No plan finished: the one that got furthest (least still needed), then the best scored.
  const left = (s: SearchState) => s.need.reduce((a, b) => a + b, 0);
  const best = [...beam].sort((a, b) => left(a) - left(b) || b.score - a.score)[0]!;
  return { best, finished: false, stats };
}

function doneKey(done: Uint8Array): string {
  const on: number[] = [];
  done.forEach((d, g) => {
    if (d) on.push(g);
  });
  return on.join(",");
}

/** The courses open to state `s` in term t, and the ones it must take then (pins, their prerequisites). */
function openCourses(ctx: PlanContext, s: SearchState, t: number): { open: number[]; forced: number[] } {
  const H = ctx.terms.length;
  const open: number[] = [];
  const forced: number[] = [];
  const n = ctx.catalog.courses.length;
  for (let c = 0; c < n; c++) {
    const g = ctx.group[c]!;
    if (s.done[g] || ctx.excluded[c] || !ctx.offered[c * H + t]) continue;
    const pinned = ctx.pinnedGroup.get(g);
    if (pinned !== undefined && (pinned !== t || ctx.pinAt.get(c) !== t)) continue;
    if (!ctx.prereqGroups[c]!.every((p) => s.done[p])) continue;
    open.push(c);
    if (pinned === t || ctx.forcedAt.get(c) === t) forced.push(c);
  }
  return { open, forced };
}

function expand(
  ctx: PlanContext,
  req: RequirementIndex,
  s: SearchState,
  t: number,
  probs: ArrayLike<number>,
  variants: number,
  opts: SearchOptions,
): SearchState[] {
  const { open, forced } = openCourses(ctx, s, t);
  // A pin whose course is not open here (a prerequisite missing) ends this state.
  for (const [c, at] of ctx.pinAt) if (at === t && !forced.includes(c)) return [];
  const n = Math.max(1, probs.length);
  const model = new Float64Array(open.length);
  // A course the scorer gives exactly 0 (outside the model, or too rare to suggest) is -Infinity:
  // planned only when the program needs it (its floored value plus the weights).
  open.forEach((c, i) => {
    const p = probs[c] ?? 0;
    model[i] = p > 0 ? Math.max(-LOG_CLAMP, Math.min(LOG_CLAMP, Math.log(p * n))) : -Infinity;
  });
  // Rank by the model among the open courses, for the "students like you" reason.
  const order = open.map((_c, i) => i).sort((a, b) => model[b]! - model[a]! || 0);
  const rank = new Int32Array(open.length);
  order.forEach((i, r) => (rank[i] = r + 1));
  // Requirements that cannot progress on the courses open now make their prerequisites worth more.
  const blocked = s.need.map((need, r) => {
    let ready = 0;
    for (const c of open) if (req.groups[r]!.has(ctx.group[c]!)) ready++;
    return need > ready ? 1 : 0;
  });
  const first = fillTerm(ctx, req, s, t, open, forced, model, blocked, new Set(), opts);
  const out = [first];
  const bannable = first.picked.filter((i) => !forced.includes(open[i]!));
  for (let v = 0; v + 1 < variants && v < bannable.length; v++)
    out.push(fillTerm(ctx, req, s, t, open, forced, model, blocked, new Set([bannable[v]!]), opts));
  return out.map(({ picked, value, need, done }) => ({
    terms: [
      ...s.terms,
      {
        courses: picked.map((i) => open[i]!),
        probs: picked.map((i) => Number(probs[open[i]!] ?? 0)),
        ranks: picked.map((i) => rank[i]!),
      },
    ],
    done,
    need,
    score: s.score + value,
  }));
}

/** Greedy by marginal value within the load: forced courses first, then the best until the load is reached. */
function fillTerm(
  ctx: PlanContext,
  req: RequirementIndex,
  s: SearchState,
  t: number,
  open: number[],
  forced: number[],
  model: Float64Array,
  blocked: Int32Array,
  banned: Set<number>,
  opts: SearchOptions,
): { picked: number[]; value: number; need: Int32Array; done: Uint8Array } {
  const { load } = ctx.input;
  const summer = ctx.terms[t]!.season === "Summer";
  const min = summer ? 0 : load.min;
  const weight = (c: number) =>
    load.unit === "units" ? (ctx.catalog.courses[c]!.units ?? ctx.typicalUnits) : 1;
  const need = Int32Array.from(s.need);
  const done = Uint8Array.from(s.done);
  const picked: number[] = [];
  let used = 0;
  let value = 0;
  const marginal = (i: number) => {
    const g = ctx.group[open[i]!]!;
    // The model's dislike of a course the program needs (often one too rare for it to know) is
    // floored, so that requirement and unlock weights always carry it over the extra threshold.
    let bonus = 0;
    for (const r of req.ofGroup.get(g) ?? []) if (need[r]! > 0) bonus += opts.requirementWeight;
    for (let r = 0; r < need.length; r++)
      if (need[r]! > 0 && blocked[r] && req.ancestors[r]![g]) {
        bonus += opts.unlockWeight;
        break;
      }
    return bonus > 0 ? Math.max(model[i]!, NEEDED_FLOOR) + bonus : model[i]!;
  };
  const take = (i: number) => {
    const c = open[i]!;
    const g = ctx.group[c]!;
    value += Math.max(marginal(i), NEEDED_FLOOR); // a pin or a last-resort course costs, never -Infinity
    for (const r of req.ofGroup.get(g) ?? []) if (need[r]! > 0) need[r]!--;
    done[g] = 1;
    used += weight(c);
    picked.push(i);
  };
  for (const c of forced) take(open.indexOf(c));
  for (;;) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < open.length; i++) {
      if (banned.has(i) || done[ctx.group[open[i]!]!] || used + weight(open[i]!) > load.max) continue;
      const v = marginal(i);
      if (v > bestValue || best < 0) [best, bestValue] = [i, v];
    }
    if (best >= 0 && bestValue === -Infinity) {
      // Only unscored courses are left: below the minimum load take them in catalog order (this
      // says nothing about their students), above it none.
      if (used >= min) break;
    } else if (best < 0 || (used >= min && bestValue < opts.extraThreshold)) break;
    take(best);
  }
  return { picked, value, need, done };
}
