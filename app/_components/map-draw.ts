/** Drawing the course map on a 2-D canvas: colours, the view transform, points and labels. */

export { DIVISION_COLOURS } from "./divisions";

export type MapPoint = {
  code: string;
  title: string;
  subject: string;
  division: string;
  x: number;
  y: number;
};
export type View = { scale: number; tx: number; ty: number };
export type Label = { text: string; x: number; y: number };

/** Distinct hues for many subjects (golden-angle steps), dark enough to read on white. */
export function subjectColours(codes: string[]): Map<string, string> {
  return new Map(codes.map((c, i) => [c, `hsl(${Math.round((i * 137.508) % 360)} 65% 42%)`]));
}

/** Map coordinates are in [-1, 1]; the view fits that square into the canvas, then zooms and pans. */
export function toScreen(p: { x: number; y: number }, view: View, w: number, h: number): [number, number] {
  const base = Math.min(w, h) / 2.15;
  return [w / 2 + (p.x * base + view.tx) * view.scale, h / 2 - (p.y * base + view.ty) * view.scale];
}

/** Subject labels at each subject's centre (the median of its courses, so a stray course does not drag it). */
export function subjectLabels(points: MapPoint[]): Label[] {
  const by = new Map<string, { xs: number[]; ys: number[] }>();
  for (const p of points) {
    const g = by.get(p.subject) ?? { xs: [], ys: [] };
    g.xs.push(p.x);
    g.ys.push(p.y);
    by.set(p.subject, g);
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  // Largest subjects first: where labels collide, theirs are the ones drawn.
  return [...by]
    .sort((a, b) => b[1].xs.length - a[1].xs.length)
    .map(([text, g]) => ({ text, x: median(g.xs), y: median(g.ys) }));
}

export function drawMap(
  ctx: CanvasRenderingContext2D,
  opts: {
    points: MapPoint[];
    colourOf: (p: MapPoint) => string;
    labels: Label[];
    view: View;
    width: number;
    height: number;
    selected: string | null;
    highlighted: Set<string>;
    hovered: string | null;
  },
): void {
  const { points, colourOf, labels, view, width, height, selected, highlighted, hovered } = opts;
  ctx.clearRect(0, 0, width, height);
  const focus = selected !== null;
  const radius = Math.min(7, 3 * Math.sqrt(view.scale));
  ctx.globalAlpha = focus ? 0.18 : 0.8;
  for (const p of points) {
    const [sx, sy] = toScreen(p, view, width, height);
    if (sx < -10 || sy < -10 || sx > width + 10 || sy > height + 10) continue;
    ctx.fillStyle = colourOf(p);
    ctx.beginPath();
    ctx.arc(sx, sy, radius, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  const sel = focus ? points.find((p) => p.code === selected) : undefined;
  if (sel) {
    const [cx, cy] = toScreen(sel, view, width, height);
    ctx.strokeStyle = "rgba(29, 35, 48, 0.45)";
    ctx.lineWidth = 1;
    for (const p of points) {
      if (!highlighted.has(p.code)) continue;
      const [sx, sy] = toScreen(p, view, width, height);
      ctx.beginPath();
      ctx.moveTo(cx, cy);
      ctx.lineTo(sx, sy);
      ctx.stroke();
    }
    for (const p of points)
      if (highlighted.has(p.code)) ring(ctx, toScreen(p, view, width, height), radius + 1.5, colourOf(p));
    ring(ctx, [cx, cy], radius + 4, "#1d2330");
  }
  ctx.font = "600 12px ui-sans-serif, system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  // Labels that would overlap one already drawn are left out; zooming in spreads them and they return.
  const drawn: [number, number, number, number][] = [];
  for (const l of labels) {
    // Just above the cluster's centre, so the label does not hide the courses it names.
    const [sx, cy] = toScreen(l, view, width, height);
    const sy = cy - radius - 9;
    const w = ctx.measureText(l.text).width + 6;
    const box: [number, number, number, number] = [sx - w / 2, sy - 9, sx + w / 2, sy + 9];
    if (drawn.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
    drawn.push(box);
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
    ctx.strokeText(l.text, sx, sy);
    ctx.fillStyle = "#1d2330";
    ctx.fillText(l.text, sx, sy);
  }
  const hov = hovered ? points.find((p) => p.code === hovered) : undefined;
  if (hov) ring(ctx, toScreen(hov, view, width, height), radius + 3, "#f2b134");
}

function ring(ctx: CanvasRenderingContext2D, [x, y]: [number, number], r: number, colour: string): void {
  ctx.fillStyle = colour;
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
}

/** The point under the cursor (within a few pixels), nearest first. */
export function pointAt(
  points: MapPoint[],
  view: View,
  w: number,
  h: number,
  mx: number,
  my: number,
): MapPoint | null {
  let best: MapPoint | null = null;
  let bestD = 8 * 8;
  for (const p of points) {
    const [sx, sy] = toScreen(p, view, w, h);
    const d = (sx - mx) ** 2 + (sy - my) ** 2;
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}
