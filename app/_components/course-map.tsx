"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useApiPath } from "./institution-context";
import { useRouter } from "next/navigation";
import {
  DIVISION_COLOURS,
  drawMap,
  pointAt,
  subjectColours,
  subjectLabels,
  type MapPoint,
  type View,
} from "./map-draw";
import { MapSearch } from "./map-search";

export type { MapPoint } from "./map-draw";

const HEIGHT = 560;
const HOME: View = { scale: 1, tx: 0, ty: 0 };

/**
 * Every course on the course2vec map, drawn on one canvas (thousands of SVG nodes block the main
 * thread): subject labels at cluster centres, wheel/drag or buttons to zoom and pan, a search that
 * highlights a course and its nearest courses in vector space, colour by division or subject,
 * click to open a course.
 */
export function CourseMap({ divisions }: { divisions: Record<string, string> }) {
  const api = useApiPath();
  const router = useRouter();
  const [points, setPoints] = useState<MapPoint[]>([]);
  const [loadError, setLoadError] = useState("");
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [view, setView] = useState<View>(HOME);
  const [colourBy, setColourBy] = useState<"division" | "subject">("division");
  const [hovered, setHovered] = useState<MapPoint | null>(null);
  const [selected, setSelected] = useState<{ code: string; neighbours: Set<string> } | null>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const labels = useMemo(() => subjectLabels(points), [points]);
  const colourOf = useMemo(() => {
    const bySubject = subjectColours([...new Set(points.map((p) => p.subject))].sort());
    return colourBy === "division"
      ? (p: MapPoint) => DIVISION_COLOURS[p.division] ?? "#7f7f7f"
      : (p: MapPoint) => bySubject.get(p.subject) ?? "#7f7f7f";
  }, [points, colourBy]);

  // The points come from the API after first paint: parsing a thousand points out of the page's
  // own payload during hydration blocked the main thread for half a second (Lighthouse).
  useEffect(() => {
    let live = true;
    fetch(api("/api/map"))
      .then((r) =>
        r.ok
          ? (r.json() as Promise<{ points: Omit<MapPoint, "division">[] }>)
          : Promise.reject(new Error(String(r.status))),
      )
      .then((body) => {
        if (live) setPoints(body.points.map((p) => ({ ...p, division: divisions[p.subject] ?? "" })));
      })
      .catch(() => live && setLoadError("The map could not be loaded; try reloading the page."));
    return () => {
      live = false;
    };
  }, [divisions, api]);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(280, Math.floor(e!.contentRect.width))));
    ro.observe(box);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr;
    canvas.height = HEIGHT * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawMap(ctx, {
      points,
      colourOf,
      labels,
      view,
      width,
      height: HEIGHT,
      selected: selected?.code ?? null,
      highlighted: selected?.neighbours ?? new Set(),
      hovered: hovered?.code ?? null,
    });
  }, [points, colourOf, labels, view, width, selected, hovered]);

  // Wheel zoom needs a non-passive listener so the page does not scroll instead.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = canvas.getBoundingClientRect();
      zoomAt(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - r.left, e.clientY - r.top);
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  });

  function zoomAt(factor: number, mx = width / 2, my = HEIGHT / 2) {
    setView((v) => {
      const scale = Math.min(40, Math.max(0.5, v.scale * factor));
      // Keep the map point under (mx, my) in place: solve for the new translation.
      const [ox, oy] = [(mx - width / 2) / v.scale - v.tx, -(my - HEIGHT / 2) / v.scale - v.ty];
      return { scale, tx: (mx - width / 2) / scale - ox, ty: -(my - HEIGHT / 2) / scale - oy };
    });
  }

  function centreOn(p: MapPoint) {
    const base = Math.min(width, HEIGHT) / 2.15;
    setView((v) => ({ scale: Math.max(v.scale, 3), tx: -p.x * base, ty: -p.y * base }));
  }

  function localPos(e: React.PointerEvent<HTMLCanvasElement>): [number, number] {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  return (
    <div>
      <div className="row map-controls">
        <MapSearch
          points={points}
          onSelect={(p, neighbours) => {
            setSelected(p ? { code: p.code, neighbours } : null);
            if (p) centreOn(p);
          }}
        />
        <div>
          <label htmlFor="colour-by">Colour by</label>
          <select
            id="colour-by"
            value={colourBy}
            onChange={(e) => setColourBy(e.target.value === "subject" ? "subject" : "division")}
          >
            <option value="division">Division</option>
            <option value="subject">Subject</option>
          </select>
        </div>
        <div className="map-zoom" role="group" aria-label="Zoom">
          <button type="button" className="button secondary" onClick={() => zoomAt(1.5)} aria-label="Zoom in">
            +
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => zoomAt(1 / 1.5)}
            aria-label="Zoom out"
          >
            −
          </button>
          <button type="button" className="button secondary" onClick={() => setView(HOME)}>
            Reset view
          </button>
        </div>
      </div>
      <div ref={boxRef} className="map-box" data-testid="course-map">
        <canvas
          ref={canvasRef}
          style={{ width: "100%", height: HEIGHT, cursor: hovered ? "pointer" : "grab", touchAction: "none" }}
          role="img"
          aria-label={
            points.length
              ? `Map of ${points.length} courses, coloured by ${colourBy}; search above to locate one.`
              : "Course map, loading"
          }
          onPointerDown={(e) => {
            const [x, y] = localPos(e);
            drag.current = { x, y, moved: false };
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            const [x, y] = localPos(e);
            const d = drag.current;
            if (d && (d.moved || Math.hypot(x - d.x, y - d.y) > 3)) {
              setView((v) => ({ ...v, tx: v.tx + (x - d.x) / v.scale, ty: v.ty - (y - d.y) / v.scale }));
              drag.current = { x, y, moved: true };
              return;
            }
            setHovered(pointAt(points, view, width, HEIGHT, x, y));
          }}
          onPointerUp={(e) => {
            const d = drag.current;
            drag.current = null;
            if (d?.moved) return;
            const [x, y] = localPos(e);
            const p = pointAt(points, view, width, HEIGHT, x, y);
            if (p) router.push(`/courses/${encodeURIComponent(p.code)}`);
          }}
          onPointerLeave={() => setHovered(null)}
        />
        {loadError && <p className="notice map-tip">{loadError}</p>}
        {hovered && (
          <div className="map-tip" role="status">
            <strong>{hovered.code}</strong> {hovered.title}
            <div className="muted small">{hovered.division}</div>
          </div>
        )}
      </div>
      {colourBy === "division" && (
        <ul className="small map-legend" aria-label="Legend">
          {Object.entries(DIVISION_COLOURS).map(([d, c]) => (
            <li key={d}>
              <span aria-hidden className="swatch" style={{ background: c }} />
              {d}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
