import { describe, expect, it } from "vitest";
import { checkPlan } from "@/lib/plan/check";
import { planTerms } from "@/lib/plan/planner";
import { PlanInputError, type Plan, type PlanCatalog, type PlanInput } from "@/lib/plan/types";
import { fillers, fixedScorer, makeCatalog, makeInput, term } from "./catalogs";

const codesIn = (plan: Plan, code: (i: number) => string) =>
  plan.terms.map((t) => ({ term: t.term.label, codes: t.courses.map((c) => code(c.course)) }));

function expectValid(catalog: PlanCatalog, input: PlanInput, plan: Plan) {
  const violations = checkPlan(
    catalog,
    input.history,
    plan.terms.map((t) => ({ term: t.term, courses: t.courses.map((c) => c.course) })),
    input.load,
    input.excluded,
  );
  expect(violations).toEqual([]);
}

describe("planTerms on hand-made catalogs", () => {
  it("puts a prerequisite chain A → B → C in three successive terms and stops when the program is done", () => {
    const { catalog, at, code } = makeCatalog({
      A: {},
      B: { prereqs: ["A"] },
      C: { prereqs: ["B"] },
      ...fillers(12),
    });
    const input = makeInput({
      requirements: [{ name: "Core", count: 3, courses: [at("A"), at("B"), at("C")] }],
    });
    const plan = planTerms(catalog, input, fixedScorer(catalog.courses.length));
    const terms = codesIn(plan, code);
    expect(terms.map((t) => t.term)).toEqual(["Spring 2025", "Fall 2025", "Spring 2026"]);
    expect(terms.map((t) => t.codes.filter((c) => !c.startsWith("F")))).toEqual([["A"], ["B"], ["C"]]);
    for (const t of terms) expect(t.codes.length).toBeGreaterThanOrEqual(3);
    expect(plan.unmet).toEqual([]);
    expectValid(catalog, input, plan);
    const a = plan.terms[0]!.courses.find((c) => c.course === at("A"))!;
    expect(a.reasons).toContain("Counts toward Core (1 of 3 with this plan)");
    expect(a.reasons).toContain("Prerequisite of B (Fall 2025)");
  });

  it("never puts a fall-only course in spring or summer", () => {
    const { catalog, at, code } = makeCatalog({
      X: { offered: ["Fall"] },
      Y: { offered: ["Fall"], prereqs: ["X"] },
      ...fillers(20),
    });
    for (const summers of [false, true]) {
      const input = makeInput({
        summers,
        requirements: [{ name: "Fall sequence", count: 2, courses: [at("X"), at("Y")] }],
      });
      // The model wants X right away: it still has to wait for a fall.
      const plan = planTerms(catalog, input, fixedScorer(catalog.courses.length, { [at("X")]: 0.9 }));
      const terms = codesIn(plan, code);
      const withX = terms.filter((t) => t.codes.some((c) => c === "X" || c === "Y"));
      expect(withX.map((t) => t.term)).toEqual(["Fall 2025", "Fall 2026"]);
      expect(plan.unmet).toEqual([]);
      expectValid(catalog, input, plan);
    }
  });

  it("keeps a pinned course where it was pinned, with its prerequisite before it", () => {
    const { catalog, at, code } = makeCatalog({
      A: {},
      B: { prereqs: ["A"] },
      P: { prereqs: ["B"] },
      ...fillers(15),
    });
    const input = makeInput({
      requirements: [{ name: "Core", count: 1, courses: [at("A")] }],
      pinned: [{ term: term("Fall 2026"), course: at("P") }],
    });
    // The model would rather take P at once; P needs B, which needs A.
    const plan = planTerms(catalog, input, fixedScorer(catalog.courses.length, { [at("P")]: 0.5 }));
    const terms = codesIn(plan, code);
    expect(terms.find((t) => t.codes.includes("P"))?.term).toBe("Fall 2026");
    expect(terms.filter((t) => t.codes.includes("P"))).toHaveLength(1);
    const termOf = (c: string) => terms.findIndex((t) => t.codes.includes(c));
    expect(termOf("A")).toBeLessThan(termOf("B"));
    expect(termOf("B")).toBeLessThan(termOf("P"));
    expect(plan.terms[termOf("P")]!.courses.find((c) => c.course === at("P"))!.reasons).toContain(
      "Pinned by you to Fall 2026",
    );
    expectValid(catalog, input, plan);
  });

  it("refuses a pin it cannot honour, saying why", () => {
    const { catalog, at } = makeCatalog({
      A: {},
      B: { prereqs: ["A"] },
      S: { offered: ["Spring"] },
      ...fillers(5),
    });
    const req = { requirements: [{ name: "Core", count: 1, courses: [at("A")] }] };
    const plan = (pinned: PlanInput["pinned"]) =>
      planTerms(catalog, makeInput({ ...req, pinned }), fixedScorer(catalog.courses.length));
    expect(() => plan([{ term: term("Fall 2025"), course: at("S") }])).toThrow(/not taught in Fall/);
    expect(() => plan([{ term: term("Spring 2025"), course: at("B") }])).toThrow(
      /cannot be taken before Fall 2025/,
    );
    expect(() => plan([{ term: term("Summer 2025"), course: at("A") }])).toThrow(PlanInputError);
  });

  it("reports a requirement it cannot meet with the reason: a cycle, an untaught course, too few terms", () => {
    const { catalog, at } = makeCatalog(
      {
        Q: { prereqs: ["R"] },
        R: { prereqs: ["Q"] },
        SUM: { offered: ["Summer"] },
        L1: {},
        L2: { prereqs: ["L1"] },
        L3: { prereqs: ["L2"] },
        L4: { prereqs: ["L3"] },
        ...fillers(12),
      },
      ["Spring", "Summer", "Fall"],
    );
    const input = makeInput({
      maxTerms: 2,
      requirements: [
        { name: "Cyclic", count: 1, courses: [at("Q")] },
        { name: "Summer only", count: 1, courses: [at("SUM")] },
        { name: "Long chain", count: 1, courses: [at("L4")] },
      ],
    });
    const plan = planTerms(catalog, input, fixedScorer(catalog.courses.length));
    const reason = (name: string) => plan.unmet.find((u) => u.requirement === name)?.reason ?? "";
    expect(reason("Cyclic")).toMatch(
      /no offered course left counts for it: a prerequisite cycle \((Q → R → Q|R → Q → R)\)/,
    );
    expect(reason("Summer only")).toMatch(/taught only in Summer \(summers are skipped\)/);
    expect(reason("Long chain")).toMatch(
      /too few terms: L4 can be taken in Fall 2026 at the earliest \(prerequisite chain L1 → L2 → L3 → L4\)/,
    );
    expectValid(catalog, input, plan);
  });

  it("counts a cross-listed partner once: taking one meets the other's prerequisite and its requirement", () => {
    const { catalog, at, code } = makeCatalog({
      X1: { partners: ["X2"] },
      X2: {},
      Z: { prereqs: ["X2"] },
      ...fillers(10),
    });
    const input = makeInput({
      history: [{ term: term("Fall 2024"), courses: [at("X1")] }],
      requirements: [{ name: "Core", count: 2, courses: [at("X2"), at("Z")] }],
    });
    const plan = planTerms(catalog, input, fixedScorer(catalog.courses.length, { [at("X2")]: 0.9 }));
    const all = codesIn(plan, code).flatMap((t) => t.codes);
    expect(all).not.toContain("X2");
    expect(codesIn(plan, code)[0]!.codes).toContain("Z");
    expect(plan.terms).toHaveLength(1);
    expectValid(catalog, input, plan);
  });

  it("keeps excluded courses out, honours the load in courses or units, and feeds planned terms back to the model", () => {
    const { catalog, at, code } = makeCatalog({
      A: {},
      B: {},
      C: {},
      BIG: { units: 8 },
      ...fillers(10),
    });
    const seen: number[][][][] = [];
    const base = fixedScorer(catalog.courses.length, { [at("BIG")]: 0.6 });
    const scorer = (h: number[][][]) => {
      seen.push(h);
      return base(h);
    };
    const input = makeInput({
      excluded: [at("B")],
      load: { min: 8, max: 12, unit: "units" },
      requirements: [{ name: "Core", count: 2, courses: [at("A"), at("B"), at("C")] }],
    });
    const plan = planTerms(catalog, input, scorer);
    const first = codesIn(plan, code)[0]!.codes;
    expect(first).not.toContain("B");
    expect(first).toEqual(expect.arrayContaining(["A", "C"]));
    const units = plan.terms[0]!.courses.reduce((u, c) => u + catalog.courses[c.course]!.units!, 0);
    expect(units).toBeGreaterThanOrEqual(8);
    expect(units).toBeLessThanOrEqual(12);
    expectValid(catalog, input, plan);
    // With the program met in one term there is one scorer call; ask for a 3-term pin to see the loop.
    const looped = makeInput({ ...input, pinned: [{ term: term("Spring 2026"), course: at("F1") }] });
    seen.length = 0;
    const plan2 = planTerms(catalog, looped, scorer);
    expect(plan2.terms).toHaveLength(3);
    expect(seen).toHaveLength(3);
    const planned1 = plan2.terms[0]!.courses.map((c) => c.course);
    expect(
      seen[1]!.some((h) => JSON.stringify(h.at(-1)?.slice().sort()) === JSON.stringify([...planned1].sort())),
    ).toBe(true);
  });

  it("searches: the beam finds a shorter plan where the greedy choice costs a term", () => {
    // One course a term. A and X both fill R1 and the model much prefers A, but only X leads on
    // to B (R2): greedy takes A, then X, then B; the beam keeps the X branch and finishes in two.
    const { catalog, at, code } = makeCatalog({ A: {}, X: {}, B: { prereqs: ["X"] }, ...fillers(6) });
    const input = makeInput({
      load: { min: 1, max: 1, unit: "courses" },
      requirements: [
        { name: "R1", count: 1, courses: [at("A"), at("X")] },
        { name: "R2", count: 1, courses: [at("B")] },
      ],
    });
    const scorer = fixedScorer(catalog.courses.length, { [at("A")]: 0.95, [at("X")]: 1e-5 });
    const greedy = planTerms(catalog, input, scorer, { beamWidth: 1, variants: 1 });
    const beam = planTerms(catalog, input, scorer);
    expect(codesIn(greedy, code).map((t) => t.codes)).toEqual([["A"], ["X"], ["B"]]);
    expect(codesIn(beam, code).map((t) => t.codes)).toEqual([["X"], ["B"]]);
    expect(beam.unmet).toEqual([]);
    expectValid(catalog, input, beam);
  });

  it("past its time budget finishes greedily, still keeping every rule", () => {
    const { catalog, at } = makeCatalog({
      A: {},
      B: { prereqs: ["A"] },
      C: { prereqs: ["B"] },
      ...fillers(12),
    });
    const input = makeInput({
      requirements: [{ name: "Core", count: 3, courses: [at("A"), at("B"), at("C")] }],
    });
    const plan = planTerms(catalog, input, fixedScorer(catalog.courses.length), { budgetMs: 0 });
    expect(plan.stats.budgetHit).toBe(true);
    expect(plan.stats.statesExpanded).toBe(plan.terms.length); // one state a term: greedy
    expect(plan.unmet).toEqual([]);
    expectValid(catalog, input, plan);
  });
});
