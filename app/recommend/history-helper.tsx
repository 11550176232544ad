"use client";

import { useState } from "react";
import { CourseSearch } from "../_components/course-search";
import { formatHistoryText, parseHistoryText } from "@/lib/validations/history-text";

/**
 * Adds courses to the history box with type-ahead: pick a term, then search and pick a course.
 * The box itself stays the source of truth (and the whole page works without JavaScript).
 */
export function HistoryHelper({ targetId }: { targetId: string }) {
  const year = new Date().getFullYear();
  const [term, setTerm] = useState(`Fall ${year - 1}`);
  const terms = [];
  for (let y = year - 6; y <= year + 1; y++)
    for (const s of ["Spring", "Summer", "Fall"]) terms.push(`${s} ${y}`);
  const add = (code: string) => {
    const box = document.getElementById(targetId) as HTMLTextAreaElement | null;
    if (!box) return;
    const { history } = parseHistoryText(box.value);
    const entry = history.find((h) => h.term === term);
    if (entry) {
      if (!entry.courses.includes(code)) entry.courses.push(code);
    } else history.push({ term, courses: [code] });
    box.value = formatHistoryText(history);
  };
  return (
    <div className="row" style={{ marginTop: "0.5rem" }}>
      <div style={{ flex: "0 0 11rem" }}>
        <label htmlFor="helper-term">Add to term</label>
        <select id="helper-term" value={term} onChange={(e) => setTerm(e.target.value)}>
          {terms.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="helper-course">Course</label>
        <CourseSearch id="helper-course" placeholder="Search a course to add…" onPick={(h) => add(h.code)} />
      </div>
    </div>
  );
}
