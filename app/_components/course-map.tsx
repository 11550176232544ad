"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";

export type MapPoint = {
  code: string;
  title: string;
  subject: string;
  division: string;
  x: number;
  y: number;
};

const PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#7f7f7f",
  "#bcbd22",
];

/**
 * All courses on the course2vec map (UMAP of the vectors), coloured by division or subject, with a
 * subject filter; hovering shows the course and clicking opens it.
 */
export function CourseMap({
  points,
  subjects,
}: {
  points: MapPoint[];
  subjects: { code: string; name: string }[];
}) {
  const router = useRouter();
  const [colourBy, setColourBy] = useState<"division" | "subject">("division");
  const [only, setOnly] = useState("");
  const groups = useMemo(() => {
    const keyOf = (p: MapPoint) => (colourBy === "division" ? p.division || "Other" : p.subject);
    const shown = only ? points.filter((p) => p.subject === only) : points;
    const map = new Map<string, MapPoint[]>();
    for (const p of shown) map.set(keyOf(p), [...(map.get(keyOf(p)) ?? []), p]);
    return [...map].sort((a, b) => a[0].localeCompare(b[0]));
  }, [points, colourBy, only]);
  return (
    <div>
      <div className="row" style={{ maxWidth: 640 }}>
        <div>
          <label htmlFor="colour-by">Colour by</label>
          <select
            id="colour-by"
            value={colourBy}
            onChange={(e) => setColourBy(e.target.value as "division" | "subject")}
          >
            <option value="division">Division</option>
            <option value="subject">Subject</option>
          </select>
        </div>
        <div>
          <label htmlFor="only-subject">Show subject</label>
          <select id="only-subject" value={only} onChange={(e) => setOnly(e.target.value)}>
            <option value="">All subjects</option>
            {subjects.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div style={{ width: "100%", height: 620 }} data-testid="course-map">
        <ResponsiveContainer>
          <ScatterChart margin={{ top: 12, right: 12, bottom: 12, left: 0 }}>
            <CartesianGrid stroke="#eeeeea" />
            <XAxis type="number" dataKey="x" domain={[-1.05, 1.05]} hide />
            <YAxis type="number" dataKey="y" domain={[-1.05, 1.05]} hide />
            <ZAxis range={[28, 28]} />
            <Tooltip
              cursor={false}
              content={({ payload }) => {
                const p = payload?.[0]?.payload as MapPoint | undefined;
                return p ? (
                  <div className="panel small" style={{ padding: "0.4rem 0.6rem" }}>
                    <strong>{p.code}</strong> {p.title}
                    <div className="muted">
                      {p.subject} · {p.division}
                    </div>
                  </div>
                ) : null;
              }}
            />
            {groups.map(([key, pts], i) => (
              <Scatter
                key={key}
                name={key}
                data={pts}
                fill={PALETTE[i % PALETTE.length]}
                fillOpacity={0.75}
                isAnimationActive={false}
                onClick={(d) => {
                  const p = (d as unknown as { payload?: MapPoint }).payload;
                  if (p) router.push(`/courses/${encodeURIComponent(p.code)}`);
                }}
                style={{ cursor: "pointer" }}
              />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <ul
        className="small"
        style={{ display: "flex", flexWrap: "wrap", gap: "0.4rem 1rem", listStyle: "none", padding: 0 }}
        aria-label="Legend"
      >
        {groups.map(([key, pts], i) => (
          <li key={key}>
            <span
              aria-hidden
              style={{
                display: "inline-block",
                width: 10,
                height: 10,
                borderRadius: 5,
                background: PALETTE[i % PALETTE.length],
                marginRight: 4,
              }}
            />
            {key} ({pts.length})
          </li>
        ))}
      </ul>
    </div>
  );
}
