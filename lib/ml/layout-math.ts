import { createRng } from "../random";

/**
 * The k nearest rows of each row by a distance over row pairs (the row itself first, at distance
 * 0, as UMAP expects). Exact: one pass over all pairs, keeping the k best in a sorted buffer.
 */
export function nearestByDistance(
  n: number,
  k: number,
  distance: (i: number, j: number) => number,
): { index: number[][]; distance: number[][] } {
  const index: number[][] = [];
  const dist: number[][] = [];
  for (let i = 0; i < n; i++) {
    const bi = [i];
    const bd = [0];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = distance(i, j);
      if (bi.length === k && d >= bd[k - 1]!) continue;
      let at = bd.length;
      while (at > 1 && bd[at - 1]! > d) at--;
      bi.splice(at, 0, j);
      bd.splice(at, 0, d);
      if (bi.length > k) {
        bi.pop();
        bd.pop();
      }
    }
    index.push(bi);
    dist.push(bd);
  }
  return { index, distance: dist };
}

/** Exact cosine neighbours of unit rows (distance 1 - dot), self first. */
export function exactNeighbours(unit: Float32Array, dim: number, k: number) {
  return nearestByDistance(unit.length / dim, k, (i, j) => {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += unit[i * dim + d]! * unit[j * dim + d]!;
    return Math.max(0, 1 - dot);
  });
}

/**
 * The rows' coordinates on their first two principal components (power iteration with
 * deflation, seeded), scaled so the widest reaches ±10, the range UMAP's own start uses.
 */
export function pcaProject(
  rows: Float32Array,
  dim: number,
  seed: number,
): { x: Float64Array; y: Float64Array } {
  const n = rows.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d]! += rows[i * dim + d]! / n;
  const centred = Float64Array.from(rows, (v, idx) => v - mean[idx % dim]!);
  const rng = createRng(seed);
  const components: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: dim }, () => rng.next() - 0.5);
    for (let iter = 0; iter < 100; iter++) {
      const next = new Float64Array(dim);
      for (let i = 0; i < n; i++) {
        let p = 0;
        for (let d = 0; d < dim; d++) p += centred[i * dim + d]! * v[d]!;
        for (let d = 0; d < dim; d++) next[d]! += p * centred[i * dim + d]!;
      }
      for (const u of components) {
        let p = 0;
        for (let d = 0; d < dim; d++) p += next[d]! * u[d]!;
        for (let d = 0; d < dim; d++) next[d]! -= p * u[d]!;
      }
      const norm = Math.hypot(...next) || 1;
      next.forEach((x, d) => (next[d] = x / norm));
      v = next;
    }
    components.push(v);
  }
  const project = (u: Float64Array) =>
    Float64Array.from({ length: n }, (_, i) => {
      let p = 0;
      for (let d = 0; d < dim; d++) p += centred[i * dim + d]! * u[d]!;
      return p;
    });
  const x = project(components[0]!);
  const y = project(components[1]!);
  const extent = Math.max(...x.map(Math.abs), ...y.map(Math.abs)) || 1;
  return { x: x.map((v) => (v / extent) * 10), y: y.map((v) => (v / extent) * 10) };
}

/**
 * Metric MDS of a few points by SMACOF (stress majorisation, de Leeuw 1977): 2-D positions whose
 * distances match `distance` [n, n] as closely as possible in squared error, from `start`.
 */
export function smacof(
  distance: Float64Array,
  n: number,
  start: { x: Float64Array; y: Float64Array },
  iterations = 300,
) {
  let x = Float64Array.from(start.x);
  let y = Float64Array.from(start.y);
  for (let it = 0; it < iterations; it++) {
    const nx = new Float64Array(n);
    const ny = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const d = Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
        const b = d > 1e-12 ? distance[i * n + j]! / d : 0;
        // Guttman transform: X ← B(X)·X / n, with B's diagonal the negated row sum.
        nx[i]! += b * (x[i]! - x[j]!);
        ny[i]! += b * (y[i]! - y[j]!);
      }
      nx[i]! /= n;
      ny[i]! /= n;
    }
    x = nx;
    y = ny;
  }
  return { x, y };
}
