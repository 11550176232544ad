import type { PlanContext } from "./context";

/**
 * Requirements by cross-listing group: a class counts once toward each requirement that lists any
 * of its codes (as the program checklist counts a taken course toward every requirement listing it).
 */
export type RequirementIndex = {
  groups: Set<number>[];
  /** Group → requirements it counts toward. */
  ofGroup: Map<number, number[]>;
  /** ancestors[r][g] = 1: group g is a prerequisite (at any depth) of some option of requirement r. */
  ancestors: Uint8Array[];
  /** Still needed after the history, per requirement. */
  initialNeed: Int32Array;
};

export function indexRequirements(ctx: PlanContext): RequirementIndex {
  const { input, group } = ctx;
  const n = ctx.catalog.courses.length;
  const groups = input.requirements.map((r) => new Set(r.courses.map((c) => group[c]!)));
  const ofGroup = new Map<number, number[]>();
  groups.forEach((gs, r) => {
    for (const g of gs) ofGroup.set(g, [...(ofGroup.get(g) ?? []), r]);
  });
  const membersOf = new Map<number, number[]>();
  for (let c = 0; c < n; c++) membersOf.set(group[c]!, [...(membersOf.get(group[c]!) ?? []), c]);
  const closure = new Map<number, Set<number>>();
  const close = (g: number, stack: Set<number>): Set<number> => {
    const known = closure.get(g);
    if (known) return known;
    const out = new Set<number>();
    stack.add(g);
    for (const m of membersOf.get(g) ?? [])
      for (const p of ctx.prereqGroups[m]!) {
        out.add(p);
        if (!stack.has(p)) for (const q of close(p, stack)) out.add(q);
      }
    stack.delete(g);
    closure.set(g, out);
    return out;
  };
  const ancestors = groups.map((gs) => {
    const a = new Uint8Array(n);
    for (const g of gs) for (const p of close(g, new Set())) a[p] = 1;
    return a;
  });
  const initialNeed = Int32Array.from(input.requirements, (r, i) => {
    let done = 0;
    for (const g of groups[i]!) if (ctx.doneBefore[g]) done++;
    return Math.max(0, r.count - done);
  });
  return { groups, ofGroup, ancestors, initialNeed };
}
