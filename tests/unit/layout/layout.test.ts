import { describe, expect, it } from "vitest";
import { layoutCourses } from "@/lib/ml/layout";
import { measureLayout, spearman } from "@/lib/ml/layout-quality";
import { createRng } from "@/lib/random";

/**
 * Planted structure like a catalog's: 3 families of 4 subjects each (the families far apart, the
 * subjects of a family near one another), 25 courses per subject scattered around its centre.
 */
function plantedVectors(dim = 24, seed = 3) {
  const rng = createRng(seed);
  const gauss = (scale: number) => Array.from({ length: dim }, () => rng.normal() * scale);
  const families = [0, 1, 2].map(() => gauss(1));
  const subjects = families.flatMap((f) => [0, 1, 2, 3].map(() => gauss(0.45).map((v, d) => v + f[d]!)));
  const rows: number[][] = [];
  const groupOf: number[] = [];
  subjects.forEach((c, g) => {
    for (let i = 0; i < 25; i++) {
      rows.push(gauss(0.18).map((v, d) => v + c[d]!));
      groupOf.push(g);
    }
  });
  const unit = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    const norm = Math.hypot(...r);
    r.forEach((v, d) => (unit[i * dim + d] = v / norm));
  });
  return { unit, dim, groupOf: Int32Array.from(groupOf) };
}

describe("spearman", () => {
  it("is 1 for any increasing relation, -1 for a decreasing one, and handles ties", () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [9, 7, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2, 3], [5, 5, 6, 7])).toBeCloseTo(1);
  });
});

describe("measureLayout", () => {
  it("scores a faithful picture of 2-D data as perfect and a shuffled one as poor", () => {
    const rng = createRng(1);
    const n = 120;
    const pts = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
    // Unit vectors near one pole whose first two coordinates follow the points: the points are their faithful map.
    const unit = new Float32Array(n * 3);
    pts.forEach(([a, b], i) => {
      const v = [a! * 0.2, b! * 0.2, 1];
      const norm = Math.hypot(...v);
      v.forEach((x, d) => (unit[i * 3 + d] = x / norm));
    });
    const groupOf = Int32Array.from(pts, ([a, b]) => (a! > 0 ? 1 : 0) + (b! > 0 ? 2 : 0));
    const exact = measureLayout(unit, 3, { x: pts.map((p) => p[0]!), y: pts.map((p) => p[1]!) }, groupOf);
    expect(exact.mapNeighbourPreservation).toBeGreaterThan(0.95);
    expect(exact.mapCentroidSpearman).toBeGreaterThan(0.9);
    const order = rng.shuffle([...pts.keys()]);
    const shuffled = measureLayout(
      unit,
      3,
      { x: order.map((i) => pts[i]![0]!), y: order.map((i) => pts[i]![1]!) },
      groupOf,
    );
    expect(shuffled.mapNeighbourPreservation).toBeLessThan(0.2);
  });
});

describe("layoutCourses", () => {
  const { unit, dim, groupOf } = plantedVectors();

  it("keeps both neighbourhoods and the arrangement of subjects (the map's targets)", () => {
    const layout = layoutCourses(unit, dim, 42, {}, groupOf);
    expect(layout.x.every((v) => v >= -1 && v <= 1)).toBe(true);
    const q = measureLayout(unit, dim, layout, groupOf);
    expect(q.mapNeighbourPreservation).toBeGreaterThanOrEqual(0.5);
    expect(q.mapCentroidSpearman).toBeGreaterThanOrEqual(0.6);
    // The start is what keeps the arrangement: from UMAP's random start it is lost.
    const random = measureLayout(
      unit,
      dim,
      layoutCourses(unit, dim, 42, { init: "random" }, groupOf),
      groupOf,
    );
    expect(q.mapCentroidSpearman).toBeGreaterThan(random.mapCentroidSpearman);
  });

  it("is repeatable by seed", () => {
    const a = layoutCourses(unit, dim, 7, {}, groupOf);
    const b = layoutCourses(unit, dim, 7, {}, groupOf);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });
});
