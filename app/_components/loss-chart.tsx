"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type CurvePoint = { x: number; loss: number; recall?: number | null };

/** A training curve: loss per step or epoch, and held-out recall@10 where measured. */
export function LossChart({ points, xLabel }: { points: CurvePoint[]; xLabel: string }) {
  const hasRecall = points.some((p) => p.recall !== undefined && p.recall !== null);
  return (
    <div style={{ width: "100%", height: 240 }}>
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 24, bottom: 16, left: 0 }}>
          <CartesianGrid stroke="#eeeeea" />
          <XAxis
            dataKey="x"
            tick={{ fontSize: 12 }}
            label={{ value: xLabel, position: "insideBottom", offset: -8, fontSize: 12 }}
          />
          <YAxis yAxisId="loss" tick={{ fontSize: 12 }} width={48} />
          {hasRecall && (
            <YAxis yAxisId="recall" orientation="right" domain={[0, 1]} tick={{ fontSize: 12 }} width={40} />
          )}
          <Tooltip />
          <Legend verticalAlign="top" height={24} />
          <Line
            yAxisId="loss"
            type="monotone"
            dataKey="loss"
            stroke="#1f5f8b"
            dot={false}
            isAnimationActive={false}
          />
          {hasRecall && (
            <Line
              yAxisId="recall"
              type="monotone"
              dataKey="recall"
              name="recall@10"
              stroke="#2f7d4f"
              isAnimationActive={false}
              connectNulls
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
