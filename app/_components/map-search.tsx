"use client";

import { useState } from "react";
import type { MapPoint } from "./map-draw";
import { useApiPath } from "./institution-context";

const SHOWN = 8;

/**
 * Finds a course on the map by code or title; choosing one highlights it with its ten nearest
 * courses in vector space (from the similar-courses API, the same list its course page shows).
 */
export function MapSearch({
  points,
  onSelect,
}: {
  points: MapPoint[];
  onSelect: (p: MapPoint | null, neighbours: Set<string>) => void;
}) {
  const api = useApiPath();
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState<MapPoint | null>(null);
  const [note, setNote] = useState("");
  const needle = q.trim().toLowerCase();
  const hits =
    needle && needle !== chosen?.code.toLowerCase()
      ? points
          .filter((p) => p.code.toLowerCase().includes(needle) || p.title.toLowerCase().includes(needle))
          .slice(0, SHOWN)
      : [];

  async function choose(p: MapPoint) {
    setChosen(p);
    setQ(p.code);
    onSelect(p, new Set());
    try {
      const res = await fetch(api(`/api/courses/${encodeURIComponent(p.code)}/similar?limit=10`));
      const body = (await res.json()) as { similar?: { code: string }[] };
      const near = new Set((body.similar ?? []).map((s) => s.code));
      onSelect(p, near);
      setNote(`${p.code} ${p.title}: ${near.size} nearest courses highlighted.`);
    } catch {
      setNote(`${p.code} ${p.title}: its nearest courses could not be loaded.`);
    }
  }

  return (
    <div className="map-search">
      <label htmlFor="map-find">Find a course</label>
      <div className="map-find-row">
        <input
          id="map-find"
          type="search"
          value={q}
          placeholder="Code or title, e.g. Japanese"
          autoComplete="off"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && hits[0]) void choose(hits[0]);
          }}
        />
        {chosen && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setChosen(null);
              setQ("");
              setNote("");
              onSelect(null, new Set());
            }}
          >
            Clear
          </button>
        )}
      </div>
      {hits.length > 0 && (
        <ul className="map-hits" aria-label="Matching courses">
          {hits.map((p) => (
            <li key={p.code}>
              <button type="button" onClick={() => void choose(p)}>
                <strong>{p.code}</strong> {p.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="small muted" aria-live="polite">
        {note}
      </p>
    </div>
  );
}
