"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type BarRow = { label: string; name: string; value: number };

/** Horizontal bars of percentages (rows arrive ready; this component fetches nothing). */
export function PercentBarChart({ rows, title }: { rows: BarRow[]; title: string }) {
  const height = Math.max(160, rows.length * 30 + 40);
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <div style={{ width: "100%", height }}>
        <ResponsiveContainer>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
            <CartesianGrid horizontal={false} stroke="#e3e3dc" />
            <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={90} tick={{ fontSize: 12 }} />
            <Tooltip
              formatter={(v) => [`${String(v ?? "")}%`, "similarity"]}
              labelFormatter={(l, p) =>
                (p?.[0]?.payload as BarRow | undefined)?.name ?? String(l as string | number)
              }
            />
            <Bar dataKey="value" fill="#4d8bb8" radius={[0, 4, 4, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">{title}</figcaption>
    </figure>
  );
}
