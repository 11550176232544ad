import { UMAP } from "umap-js";
import { createRng } from "../random";
import { exactNeighbours, pcaProject, smacof } from "./layout-math";
import { measureLayout, type LayoutQuality } from "./layout-quality";

export type LayoutSettings = {
  nNeighbors: number;
  minDist: number;
  nEpochs: number;
  /** Weight of UMAP's push between non-neighbours; below 1 it pulls the start's arrangement apart less. */
  repulsion: number;
  /** Where UMAP starts: "groups" (each course at its subject's place in an MDS of the subject centroids), "pca" or "random". */
  init: "groups" | "pca" | "random";
  /** With the "groups" start: how far each course starts from its group's place (the groups span ±10). */
  localScale: number;
};

/**
 * Chosen by measurement on the demo (`npm run bench:layout`; the table is in docs/map.md): the
 * subject-MDS start keeps related subjects beside each other, which UMAP's random start scatters
 * (centroid Spearman 0.05-0.10 from random, 0.67 from this start); few epochs and a weak repulsion
 * let UMAP tidy neighbourhoods without pulling that arrangement apart.
 */
export const LAYOUT_DEFAULTS: LayoutSettings = {
  nNeighbors: 10,
  minDist: 0.5,
  nEpochs: 60,
  repulsion: 0.05,
  init: "groups",
  localScale: 0.15,
};

/**
 * A 2-D layout of the unit course vectors for the map: UMAP (umap-js, the maintained JavaScript
 * port of McInnes et al.) on exact cosine neighbours, started from the vectors' first two principal
 * components so that the global arrangement (which subjects sit near which) follows the vectors,
 * not the random start. Seeded; coordinates are scaled to [-1, 1] keeping the aspect ratio.
 */
export function layoutCourses(
  unit: Float32Array,
  dim: number,
  seed: number,
  settings: Partial<LayoutSettings> = {},
  groupOf?: Int32Array,
  knn?: { index: number[][]; distance: number[][] },
): { x: Float32Array; y: Float32Array } {
  const s = { ...LAYOUT_DEFAULTS, ...settings };
  const n = unit.length / dim;
  if (n < 4) return { x: new Float32Array(n), y: new Float32Array(n) };
  const k = Math.min(s.nNeighbors, n - 1);
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, (_, i) => Array.from(unit.subarray(i * dim, (i + 1) * dim)));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: k,
    minDist: s.minDist,
    nEpochs: s.nEpochs,
    repulsionStrength: s.repulsion,
    random: rng.next,
  });
  // Exact neighbours (the vectors are unit length, so cosine distance is 1 - dot): umap-js's
  // approximate search is the slow part at this size and loses some true neighbours.
  const near = knn ?? exactNeighbours(unit, dim, k);
  umap.setPrecomputedKNN(
    near.index.map((r) => r.slice(0, k)),
    near.distance.map((r) => r.slice(0, k)),
  );
  const epochs = umap.initializeFit(rows);
  if (s.init !== "random") {
    // getEmbedding() is the live array the optimiser moves; writing into it sets the start.
    const start =
      s.init === "groups" && groupOf
        ? groupStart(unit, dim, groupOf, seed, s.localScale)
        : pcaProject(unit, dim, seed);
    const embedding = umap.getEmbedding();
    embedding.forEach((p, i) => {
      p[0] = start.x[i]!;
      p[1] = start.y[i]!;
    });
  }
  for (let e = 0; e < epochs; e++) umap.step();
  return scaleToUnitBox(umap.getEmbedding());
}

/**
 * A start that keeps the global arrangement: the groups' centroids placed by metric MDS of their
 * distances, each course at its group's place plus its own principal-component offset (shrunk), so
 * UMAP only has to arrange neighbourhoods, which it does well, and not the whole, which it does not.
 */
/** The map layout (default settings) with its quality, for the model report; one neighbour search for both. */
export function layoutAndMeasure(
  unit: Float32Array,
  dim: number,
  seed: number,
  subjectOf: Int32Array,
): { x: Float32Array; y: Float32Array; quality: LayoutQuality } {
  const n = unit.length / dim;
  const knn =
    n >= 4 ? exactNeighbours(unit, dim, Math.min(n, Math.max(LAYOUT_DEFAULTS.nNeighbors, 11))) : undefined;
  const layout = layoutCourses(unit, dim, seed, {}, subjectOf, knn);
  return { ...layout, quality: measureLayout(unit, dim, layout, subjectOf, 10, knn?.index) };
}

function groupStart(unit: Float32Array, dim: number, groupOf: Int32Array, seed: number, localScale: number) {
  const G = Math.max(...groupOf) + 1;
  const centroids = new Float32Array(G * dim);
  groupOf.forEach((g, i) => {
    for (let d = 0; d < dim; d++) centroids[g * dim + d]! += unit[i * dim + d]!;
  });
  for (let g = 0; g < G; g++) {
    const row = centroids.subarray(g * dim, (g + 1) * dim);
    const norm = Math.hypot(...row) || 1;
    row.forEach((v, d) => (row[d] = v / norm));
  }
  const distance = new Float64Array(G * G);
  for (let a = 0; a < G; a++)
    for (let b = 0; b < G; b++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += centroids[a * dim + d]! * centroids[b * dim + d]!;
      distance[a * G + b] = Math.sqrt(Math.max(0, 2 - 2 * dot));
    }
  const placed = smacof(distance, G, pcaProject(centroids, dim, seed));
  const extent = Math.max(...placed.x.map(Math.abs), ...placed.y.map(Math.abs)) || 1;
  const local = pcaProject(unit, dim, seed + 1);
  const mean = new Float64Array(G * 2);
  const count = new Float64Array(G);
  groupOf.forEach((g, i) => {
    mean[g * 2]! += local.x[i]!;
    mean[g * 2 + 1]! += local.y[i]!;
    count[g]!++;
  });
  const x = Float64Array.from(
    groupOf,
    (g, i) => (placed.x[g]! / extent) * 10 + (local.x[i]! - mean[g * 2]! / count[g]!) * localScale,
  );
  const y = Float64Array.from(
    groupOf,
    (g, i) => (placed.y[g]! / extent) * 10 + (local.y[i]! - mean[g * 2 + 1]! / count[g]!) * localScale,
  );
  return { x, y };
}

/**
 * Into [-1, 1] keeping the aspect ratio. The frame is set by the 1st-99th percentiles, not the
 * extremes: UMAP flings a few loosely connected courses far out, and framing them shrank everything
 * else into the middle of the map. Those few are pulled onto the frame's edge.
 */
function scaleToUnitBox(points: number[][]): { x: Float32Array; y: Float32Array } {
  const quantile = (v: number[], q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))]!;
  const xs = points.map((p) => p[0]!).sort((a, b) => a - b);
  const ys = points.map((p) => p[1]!).sort((a, b) => a - b);
  const [xl, xh, yl, yh] = [quantile(xs, 0.01), quantile(xs, 0.99), quantile(ys, 0.01), quantile(ys, 0.99)];
  const half = (Math.max(xh - xl, yh - yl) / 2) * 1.05 || 1;
  const [cx, cy] = [(xl + xh) / 2, (yl + yh) / 2];
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  return {
    x: Float32Array.from(points, (p) => clamp((p[0]! - cx) / half)),
    y: Float32Array.from(points, (p) => clamp((p[1]! - cy) / half)),
  };
}
