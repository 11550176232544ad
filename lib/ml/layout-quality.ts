import { exactNeighbours, nearestByDistance } from "./layout-math";

export type LayoutQuality = {
  /** Mean share of each course's k nearest in vector space that are among its k nearest on the map. */
  mapNeighbourPreservation: number;
  /** Spearman rank correlation of subject-centroid distances on the map and in vector space. */
  mapCentroidSpearman: number;
};

/**
 * How faithfully a 2-D layout shows the vectors, locally (neighbour preservation at k) and
 * globally (whether subjects near each other in vector space are near each other on the map).
 */
export function measureLayout(
  unit: Float32Array,
  dim: number,
  layout: { x: ArrayLike<number>; y: ArrayLike<number> },
  groupOf: Int32Array,
  k = 10,
  vectorNeighbours?: number[][], // rows with the course itself first, as exactNeighbours gives them
): LayoutQuality {
  const n = unit.length / dim;
  if (n <= k) return { mapNeighbourPreservation: 0, mapCentroidSpearman: 0 };
  const inVectors = vectorNeighbours ?? exactNeighbours(unit, dim, k + 1).index;
  const { x, y } = layout;
  const onMap = nearestByDistance(n, k + 1, (i, j) => Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!)).index;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const near = new Set(onMap[i]!.slice(1));
    kept += inVectors[i]!.slice(1, k + 1).filter((j) => near.has(j)).length;
  }
  return {
    mapNeighbourPreservation: kept / (n * k),
    mapCentroidSpearman: centroidRankCorrelation(unit, dim, layout, groupOf),
  };
}

function centroidRankCorrelation(
  unit: Float32Array,
  dim: number,
  layout: { x: ArrayLike<number>; y: ArrayLike<number> },
  groupOf: Int32Array,
): number {
  const G = Math.max(-1, ...groupOf) + 1;
  const vec = new Float64Array(G * dim);
  const pos = new Float64Array(G * 2);
  const count = new Float64Array(G);
  groupOf.forEach((g, i) => {
    count[g]!++;
    for (let d = 0; d < dim; d++) vec[g * dim + d]! += unit[i * dim + d]!;
    pos[g * 2]! += layout.x[i]!;
    pos[g * 2 + 1]! += layout.y[i]!;
  });
  const present = [...count.keys()].filter((g) => count[g]! > 0);
  const vectorDistance: number[] = [];
  const mapDistance: number[] = [];
  for (const [a, ai] of present.entries())
    for (const b of present.slice(a + 1)) {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let d = 0; d < dim; d++) {
        const [va, vb] = [vec[ai * dim + d]!, vec[b * dim + d]!];
        dot += va * vb;
        na += va * va;
        nb += vb * vb;
      }
      vectorDistance.push(1 - dot / (Math.sqrt(na * nb) || 1));
      mapDistance.push(
        Math.hypot(
          pos[ai * 2]! / count[ai]! - pos[b * 2]! / count[b]!,
          pos[ai * 2 + 1]! / count[ai]! - pos[b * 2 + 1]! / count[b]!,
        ),
      );
    }
  return spearman(vectorDistance, mapDistance);
}

/** Spearman's rho: Pearson correlation of the ranks (ties share their mean rank). */
export function spearman(a: number[], b: number[]): number {
  const ra = ranksOf(a);
  const rb = ranksOf(b);
  const n = a.length;
  if (n < 2) return 0;
  const mean = (n - 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i]! - mean) * (rb[i]! - mean);
    va += (ra[i]! - mean) ** 2;
    vb += (rb[i]! - mean) ** 2;
  }
  return va && vb ? cov / Math.sqrt(va * vb) : 0;
}

function ranksOf(values: number[]): Float64Array {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Float64Array(values.length);
  for (let s = 0; s < order.length;) {
    let e = s;
    while (e + 1 < order.length && values[order[e + 1]!] === values[order[s]!]) e++;
    for (let t = s; t <= e; t++) ranks[order[t]!] = (s + e) / 2;
    s = e + 1;
  }
  return ranks;
}
