import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationNodeDatum,
} from "d3-force";
import { smacof } from "@/lib/ml/layout-math";
import type { SubjectLink, SubjectNode } from "@/lib/queries/subject-network";

export type PlacedNode = SubjectNode & { x: number; y: number; r: number };
export type PlacedLink = SubjectLink & { x1: number; y1: number; x2: number; y2: number };

export const NETWORK_WIDTH = 960;
export const NETWORK_HEIGHT = 640;

/**
 * Places the subject network with d3-force (links pull related subjects together, stronger links
 * harder and shorter; charge and collision keep nodes apart), run to rest on the server so the
 * page ships a finished picture and no layout work; the start is deterministic, so is the picture.
 */
export function placeNetwork(
  nodes: SubjectNode[],
  links: SubjectLink[],
  matrix: (number | null)[][],
): { nodes: PlacedNode[]; links: PlacedLink[] } {
  const maxEnroll = Math.max(1, ...nodes.map((n) => n.enrollments));
  type N = SimulationNodeDatum & SubjectNode & { r: number };
  // Start from an MDS of all the similarities, not only the drawn edges, so the force layout settles
  // with related groups of subjects side by side instead of tangled.
  const start = startPositions(matrix);
  const sim: N[] = nodes.map((n, i) => ({
    ...n,
    r: 11 + 19 * Math.sqrt(n.enrollments / maxEnroll),
    x: start.x[i]!,
    y: start.y[i]!,
  }));
  const lo = Math.min(...links.map((l) => l.score));
  const hi = Math.max(...links.map((l) => l.score));
  const strength = (s: number) => (hi > lo ? (s - lo) / (hi - lo) : 1);
  const simulation = forceSimulation<N>(sim)
    .force(
      "link",
      forceLink<N, { source: string; target: string; score: number }>(
        links.map((l) => ({ source: l.a, target: l.b, score: l.score })),
      )
        .id((n) => n.code)
        .distance((l) => 60 + 90 * (1 - strength(l.score)))
        .strength((l) => 0.2 + 0.6 * strength(l.score)),
    )
    .force("charge", forceManyBody<N>().strength(-260))
    .force(
      "collide",
      forceCollide<N>((n) => n.r + 12),
    )
    .force("x", forceX<N>(0).strength(0.06))
    .force("y", forceY<N>(0).strength(0.09))
    .stop();
  simulation.tick(400);
  const xs = sim.map((n) => n.x!);
  const ys = sim.map((n) => n.y!);
  const pad = 40;
  const [xl, xh, yl, yh] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min((NETWORK_WIDTH - 2 * pad) / (xh - xl || 1), (NETWORK_HEIGHT - 2 * pad) / (yh - yl || 1));
  const fit = (v: number, lo0: number, size: number, span: number) => (size - span * k) / 2 + (v - lo0) * k;
  const placed = sim.map((n) => ({
    code: n.code,
    name: n.name,
    division: n.division,
    enrollments: n.enrollments,
    r: n.r,
    x: fit(n.x!, xl, NETWORK_WIDTH, xh - xl),
    y: fit(n.y!, yl, NETWORK_HEIGHT, yh - yl),
  }));
  const at = new Map(placed.map((n) => [n.code, n]));
  return {
    nodes: placed,
    links: links.map((l) => ({
      ...l,
      x1: at.get(l.a)!.x,
      y1: at.get(l.a)!.y,
      x2: at.get(l.b)!.x,
      y2: at.get(l.b)!.y,
    })),
  };
}

/** Metric MDS of 1 - similarity from a circle, scaled to the force layout's working size. */
function startPositions(matrix: (number | null)[][]): { x: Float64Array; y: Float64Array } {
  const n = matrix.length;
  const distance = new Float64Array(n * n);
  matrix.forEach((row, i) => row.forEach((v, j) => (distance[i * n + j] = i === j ? 0 : 1 - (v ?? 0))));
  const circle = {
    x: Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * i) / n)),
    y: Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / n)),
  };
  const placed = smacof(distance, n, circle);
  const extent = Math.max(...placed.x.map(Math.abs), ...placed.y.map(Math.abs)) || 1;
  return { x: placed.x.map((v) => (v / extent) * 300), y: placed.y.map((v) => (v / extent) * 300) };
}
