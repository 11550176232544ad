"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useApiPath } from "./institution-context";

type Hit = { code: string; title: string; subject: string; units: number | null };

/**
 * Type-ahead course search (code, title, description; typo-tolerant on the server). Arrow keys move,
 * Enter opens, Escape closes. Without JavaScript the form submits to the /search page.
 */
export function CourseSearch({
  id,
  placeholder,
  autoFocus,
  onPick,
}: {
  id: string;
  placeholder: string;
  autoFocus?: boolean;
  onPick?: (hit: Hit) => void;
}) {
  const router = useRouter();
  const api = useApiPath();
  const [q, setQ] = useState("");
  const [found, setHits] = useState<Hit[]>([]);
  // An empty box shows nothing, whatever the last answer was.
  const hits = q.trim() ? found : [];
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    if (!q.trim()) return;
    const controller = new AbortController();
    timer.current = setTimeout(() => void search(), 120);
    async function search() {
      try {
        const res = await fetch(api(`/api/courses?q=${encodeURIComponent(q)}&limit=8`), {
          signal: controller.signal,
        });
        if (!res.ok) return;
        const body = (await res.json()) as { courses: Hit[] };
        setHits(body.courses);
        setActive(body.courses.length ? 0 : -1);
        setOpen(true);
      } catch {
        // Aborted by the next keystroke.
      }
    }
    return () => controller.abort();
  }, [q, api]);

  const pick = (hit: Hit) => {
    setOpen(false);
    if (onPick) {
      onPick(hit);
      setQ("");
    } else router.push(`/courses/${encodeURIComponent(hit.code)}`);
  };

  const input = (
    <input
      id={id}
      name="q"
      type="search"
      autoComplete="off"
      autoFocus={autoFocus}
      placeholder={placeholder}
      value={q}
      role="combobox"
      aria-expanded={open && hits.length > 0}
      aria-controls={listId}
      aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
      onChange={(e) => setQ(e.target.value)}
      onFocus={() => hits.length && setOpen(true)}
      onBlur={() => setTimeout(() => setOpen(false), 150)}
      onKeyDown={(e) => {
        // Inside another form (the history helper) Enter picks the highlighted course, never submits.
        if (e.key === "Enter" && onPick) {
          e.preventDefault();
          const hit = hits[active];
          if (hit && open) pick(hit);
        } else if (e.key === "ArrowDown") {
          e.preventDefault();
          setOpen(true);
          setActive((a) => Math.min(hits.length - 1, a + 1));
        } else if (e.key === "ArrowUp") {
          e.preventDefault();
          setActive((a) => Math.max(0, a - 1));
        } else if (e.key === "Escape") setOpen(false);
      }}
    />
  );
  const list = open && hits.length > 0 && (
    <ul id={listId} role="listbox" aria-label="Course suggestions">
      {hits.map((h, i) => (
        <li
          key={h.code}
          id={`${listId}-${i}`}
          role="option"
          aria-selected={i === active}
          onMouseDown={(e) => {
            e.preventDefault();
            pick(h);
          }}
          onMouseEnter={() => setActive(i)}
        >
          <span className="code">{h.code}</span>
          {h.title}
          <span className="meta">
            {h.subject}
            {h.units !== null ? ` · ${h.units} units` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
  if (onPick) {
    // Used inside another form: no nested <form>.
    return (
      <div className="search">
        {input}
        {list}
      </div>
    );
  }
  return (
    <form
      className="search"
      role="search"
      action="/search"
      onSubmit={(e) => {
        const hit = hits[active];
        if (hit && open) {
          e.preventDefault();
          pick(hit);
        }
      }}
    >
      <label htmlFor={id} className="skip">
        Search courses
      </label>
      {input}
      {list}
    </form>
  );
}
