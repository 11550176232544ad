import { describe, expect, it } from "vitest";
import { planMetrics } from "@/lib/plan/evaluate";
import { careerPopularity, careerPopularityScorer } from "@/lib/plan/baselines";

describe("planMetrics", () => {
  it("computes recall@1-3, validity and completion as worked out by hand", () => {
    const m = planMetrics([
      // Student 1: took {1,2} then {3} then {4,5}; the plan has {1,9} then {3,2} then {7}.
      { planned: [[1, 9], [3, 2], [7]], actual: [[1, 2], [3], [4, 5]], violations: 0, completed: true },
      // Student 2: one term after the cut-off, {6}; the plan's first term misses it, its second has it.
      { planned: [[8], [6]], actual: [[6]], violations: 2, completed: false },
    ]);
    // @1: hits 1 (course 1) of 2 + 0 of 1 → 1/3. @2: {1,2,3} all planned in the first two terms → 3/3
    // (student 2 has one actual term, so only student 1 counts). @3: {1,2,3} of {1,2,3,4,5} → 3/5.
    expect(m.recall["1"]).toEqual({ recall: 1 / 3, students: 2 });
    expect(m.recall["2"]).toEqual({ recall: 1, students: 1 });
    expect(m.recall["3"]).toEqual({ recall: 3 / 5, students: 1 });
    expect(m.validShare).toBe(0.5);
    expect(m.violations).toBe(2);
    expect(m.completionShare).toBe(0.5);
  });
});

describe("popularity by term of career within the major", () => {
  it("scores a history with k terms by what the major took in term k+1", () => {
    const table = careerPopularity(
      [
        { majors: ["CS"], terms: [[0, 1], [2]] },
        { majors: ["CS"], terms: [[0], [2, 3]] },
        { majors: ["ART"], terms: [[4], [4]] },
      ],
      5,
    );
    const [first, second] = careerPopularityScorer(table, ["CS"], 5)([[], [[0]]]);
    const close = (row: ArrayLike<number>, want: number[]) =>
      want.forEach((w, i) => expect(row[i]).toBeCloseTo(w, 6));
    close(first!, [2 / 3, 1 / 3, 0, 0, 0]);
    close(second!, [0, 0, 2 / 3, 1 / 3, 0]);
  });
});
