"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { recommendAction } from "./actions";
import { formQuery } from "../_components/form-query";
import { HistoryField } from "./history-field";
import { RecommendResults } from "./recommend-results";
import type { RecommendInput, RecommendView } from "./view";

const STORAGE_KEY = "course-atlas:recommend";
type Option = { code: string; name: string };

/** Puts saved fields back into the (uncontrolled) form. */
function fillForm(form: HTMLFormElement, q: URLSearchParams) {
  const field = (name: string) => form.elements.namedItem(name);
  const box = field("history");
  if (box instanceof HTMLTextAreaElement) box.value = q.get("history") ?? "";
  const majors = field("major");
  if (majors instanceof HTMLSelectElement)
    for (const o of majors.options) o.selected = q.getAll("major").includes(o.value);
  for (const name of ["program", "prefer"]) {
    const s = field(name);
    if (s instanceof HTMLSelectElement) s.value = q.get(name) ?? "";
  }
  const target = field("target");
  if (target instanceof HTMLInputElement) target.value = q.get("target") ?? "";
  for (const name of ["offered", "req", "taken"]) {
    const c = field(name);
    if (c instanceof HTMLInputElement) c.checked = q.get(name) === "1";
  }
}

/**
 * The recommend form. The history is kept in this browser's localStorage (so a reload or a later
 * visit brings it back) and sent to the server in a POST body through a server action, which also
 * works without JavaScript. A link carries the history only when the user asks for one.
 */
export function RecommendForm({
  initial,
  shared,
  majorOptions,
  programs,
  subjects,
}: {
  initial: RecommendView;
  shared: boolean;
  majorOptions: Option[];
  programs: string[];
  subjects: Option[];
}) {
  const [view, formAction, pending] = useActionState(recommendAction, initial);
  const formRef = useRef<HTMLFormElement>(null);
  const [link, setLink] = useState("");
  const input: RecommendInput = view.input;

  useEffect(() => {
    const form = formRef.current;
    const saved = window.localStorage.getItem(STORAGE_KEY);
    // A shared link's history wins over the saved one; otherwise a reload shows the last answer again.
    if (!form || shared || !saved) return;
    fillForm(form, new URLSearchParams(saved));
    if (new URLSearchParams(saved).size > 0) form.requestSubmit();
  }, [shared]);

  return (
    <>
      <form
        ref={formRef}
        action={formAction}
        onSubmit={(e) => window.localStorage.setItem(STORAGE_KEY, formQuery(e.currentTarget).toString())}
        className="panel"
        aria-label="Your history"
      >
        <HistoryField defaultValue={input.history} rows={5} />
        <div className="row" style={{ marginTop: "0.8rem" }}>
          <div>
            <label htmlFor="major">Major(s)</label>
            <select id="major" name="major" multiple size={4} defaultValue={input.majors}>
              {majorOptions.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="program">Program (for requirements)</label>
            <select id="program" name="program" defaultValue={input.program}>
              <option value="">None</option>
              {programs.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <label htmlFor="prefer" style={{ marginTop: "0.5rem" }}>
              More like
            </label>
            <select id="prefer" name="prefer" defaultValue={input.prefer}>
              <option value="">Any subject</option>
              {subjects.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset style={{ margin: 0 }}>
            <legend>Filters</legend>
            <label className="check">
              <input type="checkbox" name="offered" value="1" defaultChecked={input.offered} /> Offered next
              term only
            </label>
            <label className="check">
              <input type="checkbox" name="req" value="1" defaultChecked={input.requirementsOnly} /> Counts
              toward an unmet requirement
            </label>
            <label className="check">
              <input type="checkbox" name="taken" value="1" defaultChecked={input.showTaken} /> Include
              courses I took
            </label>
          </fieldset>
        </div>
        <div className="row" style={{ marginTop: "0.6rem" }}>
          <div>
            <label htmlFor="target">Prepare for a target course (optional)</label>
            <input
              id="target"
              name="target"
              type="text"
              defaultValue={input.target}
              placeholder="e.g. COMPSCI 189"
            />
          </div>
          <div style={{ flex: "0 0 auto" }}>
            <button type="submit" disabled={pending}>
              Recommend
            </button>{" "}
            <button type="submit" name="mode" value="explore" className="secondary" disabled={pending}>
              Surprise me
            </button>
          </div>
        </div>
        <div className="row" style={{ marginTop: "0.6rem" }}>
          <div style={{ flex: "0 0 auto" }}>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                const url = `${window.location.origin}/recommend?${formQuery(formRef.current!).toString()}`;
                setLink(url);
                void navigator.clipboard?.writeText(url).catch(() => {});
              }}
            >
              Copy a link
            </button>{" "}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                window.localStorage.removeItem(STORAGE_KEY);
                fillForm(formRef.current!, new URLSearchParams());
                setLink("");
              }}
            >
              Forget my history
            </button>
          </div>
        </div>
        {link && (
          <p className="small" role="status">
            <label htmlFor="share-link">
              Link copied. It contains your history: share it only with people who may see it.
            </label>
            <input
              id="share-link"
              type="text"
              readOnly
              value={link}
              onFocus={(e) => e.currentTarget.select()}
            />
          </p>
        )}
      </form>
      <RecommendResults view={view} />
    </>
  );
}
