import { UMAP } from "umap-js";
import { createRng } from "../random";

/**
 * A 2-D layout of the course vectors for the map, by UMAP (umap-js: the maintained JavaScript port
 * of McInnes et al.'s algorithm), seeded for reproducibility. Coordinates are scaled to [-1, 1].
 */
export function layoutCourses(
  unit: Float32Array,
  dim: number,
  seed: number,
  nEpochs = 200,
): { x: Float32Array; y: Float32Array } {
  const n = unit.length / dim;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  if (n < 4) return { x, y };
  const rows = Array.from({ length: n }, (_, i) => Array.from(unit.subarray(i * dim, (i + 1) * dim)));
  const rng = createRng(seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(15, n - 1),
    minDist: 0.15,
    nEpochs,
    random: rng.next,
  });
  const points = umap.fit(rows);
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  const scale = (v: number, lo: number, hi: number) => (hi > lo ? ((v - lo) / (hi - lo)) * 2 - 1 : 0);
  const [xl, xh, yl, yh] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  points.forEach((_, i) => {
    x[i] = scale(xs[i]!, xl, xh);
    y[i] = scale(ys[i]!, yl, yh);
  });
  return { x, y };
}
