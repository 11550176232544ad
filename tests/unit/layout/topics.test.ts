import { describe, expect, it } from "vitest";
import { buildWordVectors, topicOf } from "@/lib/ml/topics";

// Four courses in 2-D: two "east" (vectors near x), two "north" (near y).
const unit = Float32Array.from([1, 0, 0.9, 0.436, 0, 1, 0.436, 0.9]);
const words = [
  ["buddhism", "texts", "course"],
  ["meditation", "course"],
  ["circuits", "course"],
  ["signals", "circuits", "course"],
];

describe("word vectors", () => {
  const wv = buildWordVectors(words, unit, 2, { minCourses: 1, maxShare: 0.6 });

  it("places a word at the centroid of the courses that use it and drops boilerplate", () => {
    expect(wv.vectors.has("course")).toBe(false); // in every course
    const c = wv.vectors.get("circuits")!;
    expect(c[1]!).toBeGreaterThan(c[0]!);
    expect(Math.hypot(...c)).toBeCloseTo(1);
  });

  it("turns a query into the mean of its known words, singularising plurals", () => {
    const t = topicOf("Buddhism and meditations", wv)!;
    expect(t.matched).toEqual(["buddhism", "meditation"]);
    expect(t.vector[0]!).toBeGreaterThan(t.vector[1]!);
    expect(topicOf("zzz", wv)).toBeNull();
  });
});
