import type { Term } from "../ingest/terms";
import { planSeasons, upcomingTerms } from "./calendar";
import { PlanInputError, type PlanCatalog, type PlanInput } from "./types";

export const NEVER = 1 << 30;
/** How far past the term limit the reachability pass looks, to say how many terms a requirement needs. */
const HORIZON_EXTRA = 24;

/**
 * Everything the search and the explanations share, computed once per request. Cross-listed
 * partners form one group: taking any member takes the class, and a prerequisite is met by any
 * member of its group.
 */
export type PlanContext = {
  catalog: PlanCatalog;
  input: PlanInput;
  /** The plan's terms (maxTerms of them), then more for the reachability pass. */
  terms: Term[];
  group: Int32Array;
  prereqGroups: number[][];
  /** Groups done in the history. */
  doneBefore: Uint8Array;
  excluded: Uint8Array;
  /** offered[c * H + t]: course c is taught in term t. */
  offered: Uint8Array;
  /** Earliest term index each course could be taken ignoring load (-1 done, NEVER unreachable). */
  earliest: Int32Array;
  /** Course → term index it is pinned to. */
  pinAt: Map<number, number>;
  /** Group → the term index some member of it is pinned to. */
  pinnedGroup: Map<number, number>;
  /** Course → the last term index it can wait for: a prerequisite (chain) of a pinned course. */
  forcedAt: Map<number, number>;
  /** Units assumed for a course the catalog gives none (the median of those it gives). */
  typicalUnits: number;
};

function unionGroups(catalog: PlanCatalog): Int32Array {
  const parent = Int32Array.from(catalog.courses, (_c, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  catalog.courses.forEach((c, i) => {
    for (const p of c.partners) parent[find(p)] = find(i);
  });
  return Int32Array.from(parent, (_p, i) => find(i));
}

export function buildContext(catalog: PlanCatalog, input: PlanInput): PlanContext {
  const n = catalog.courses.length;
  const seasons = planSeasons(catalog.seasons, input.summers);
  const H = input.maxTerms + HORIZON_EXTRA;
  const terms = upcomingTerms(input.after, seasons, H);
  const group = unionGroups(catalog);
  const prereqGroups = catalog.courses.map((c, i) => [
    ...new Set(c.prereqs.map((p) => group[p]!).filter((g) => g !== group[i])),
  ]);
  const doneBefore = new Uint8Array(n);
  for (const h of input.history) for (const c of h.courses) doneBefore[group[c]!] = 1;
  const excluded = new Uint8Array(n);
  for (const c of input.excluded) excluded[c] = 1;
  const offered = new Uint8Array(n * H);
  catalog.courses.forEach((c, i) => {
    if (c.retired) return;
    terms.forEach((t, k) => {
      if (c.offered.length === 0 || c.offered.includes(t.season)) offered[i * H + k] = 1;
    });
  });
  const earliest = reachability(n, H, group, prereqGroups, doneBefore, excluded, offered);
  const ctx: PlanContext = {
    catalog,
    input,
    terms,
    group,
    prereqGroups,
    doneBefore,
    excluded,
    offered,
    earliest,
    pinAt: new Map(),
    pinnedGroup: new Map(),
    forcedAt: new Map(),
    typicalUnits: medianUnits(catalog),
  };
  placePins(ctx);
  return ctx;
}

/** Term by term with unlimited load: when could each course first be taken? */
function reachability(
  n: number,
  H: number,
  group: Int32Array,
  prereqGroups: number[][],
  doneBefore: Uint8Array,
  excluded: Uint8Array,
  offered: Uint8Array,
): Int32Array {
  const earliest = new Int32Array(n).fill(NEVER);
  const done = Uint8Array.from(doneBefore);
  for (let c = 0; c < n; c++) if (done[group[c]!]) earliest[c] = -1;
  for (let t = 0; t < H; t++) {
    const newly: number[] = [];
    for (let c = 0; c < n; c++) {
      if (earliest[c] !== NEVER || excluded[c] || !offered[c * H + t]) continue;
      if (prereqGroups[c]!.every((g) => done[g])) {
        earliest[c] = t;
        newly.push(group[c]!);
      }
    }
    for (const g of newly) done[g] = 1;
  }
  return earliest;
}

function placePins(ctx: PlanContext): void {
  const { input, terms, catalog } = ctx;
  const H = terms.length;
  const label = (c: number) => catalog.courses[c]!.code;
  for (const pin of input.pinned) {
    const t = terms.findIndex((x) => x.ordinal === pin.term.ordinal);
    const c = pin.course;
    if (t < 0 || t >= input.maxTerms)
      throw new PlanInputError(
        `${label(c)} is pinned to ${pin.term.label}, which is not one of the plan's terms (${terms[0]!.label} to ${terms[input.maxTerms - 1]!.label}${input.summers ? "" : ", summers skipped"})`,
      );
    if (ctx.doneBefore[ctx.group[c]!]) throw new PlanInputError(`${label(c)} is already in your history`);
    if (ctx.excluded[c]) throw new PlanInputError(`${label(c)} is both pinned and excluded`);
    if (ctx.pinnedGroup.has(ctx.group[c]!))
      throw new PlanInputError(`${label(c)} (or a course cross-listed with it) is pinned twice`);
    if (catalog.courses[c]!.retired) throw new PlanInputError(`${label(c)} is no longer taught`);
    if (!ctx.offered[c * H + t])
      throw new PlanInputError(
        `${label(c)} is not taught in ${terms[t]!.season} (offered ${catalog.courses[c]!.offered.join(", ")})`,
      );
    if (ctx.earliest[c]! > t)
      throw new PlanInputError(
        ctx.earliest[c] === NEVER
          ? `${label(c)} cannot be taken: its prerequisites cannot be met`
          : `${label(c)} cannot be taken before ${terms[ctx.earliest[c]!]!.label}: its prerequisites take until then`,
      );
    ctx.pinAt.set(c, t);
    ctx.pinnedGroup.set(ctx.group[c]!, t);
  }
  // Each prerequisite group of a pinned course must be done before it: its member that can wait
  // longest is forced into the last term it is taught in before the deadline, recursively.
  const deadlineOf = new Map<number, number>(); // group → last term index it may be taken in
  const visit = (c: number, before: number, path: number[]) => {
    for (const g of ctx.prereqGroups[c]!) {
      if (ctx.doneBefore[g] || path.includes(g)) continue;
      const d = before - 1;
      const pinned = ctx.pinnedGroup.get(g);
      if (pinned !== undefined) {
        if (pinned > d)
          throw new PlanInputError(
            `${label(c)} needs a course you pinned to ${terms[pinned]!.label}, which is not before ${label(c)}'s term`,
          );
        continue;
      }
      if ((deadlineOf.get(g) ?? NEVER) <= d) continue;
      deadlineOf.set(g, d);
      let best = -1;
      let at = -1;
      catalog.courses.forEach((_x, m) => {
        if (ctx.group[m] !== g || ctx.excluded[m]) return;
        for (let t = Math.min(d, H - 1); t >= Math.max(0, ctx.earliest[m]!); t--)
          if (ctx.offered[m * H + t]) {
            if (t > at) [best, at] = [m, t];
            break;
          }
      });
      if (best < 0)
        throw new PlanInputError(
          `${label(path[0]!)} cannot be taken where it is pinned: a prerequisite chain through ${label(c)} does not fit before it`,
        );
      ctx.forcedAt.set(best, at);
      visit(best, at, [...path, g]);
    }
  };
  for (const [c, t] of ctx.pinAt) visit(c, t, [c]);
}

function medianUnits(catalog: PlanCatalog): number {
  const units = catalog.courses.flatMap((c) => (c.units === null ? [] : [c.units])).sort((a, b) => a - b);
  return units.length ? units[Math.floor(units.length / 2)]! : 1;
}
