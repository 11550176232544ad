"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { recommendAction } from "./actions";
import { HistoryHelper } from "./history-helper";
import type { RecommendInput, RecommendView } from "./view";

const STORAGE_KEY = "course-atlas:recommend";
type Option = { code: string; name: string };

/** The form's fields as the link and the saved copy hold them (the names the page's query uses). */
function formQuery(form: HTMLFormElement): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of new FormData(form))
    if (typeof v === "string" && v && !k.startsWith("$")) q.append(k, v);
  return q;
}

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
        <label htmlFor="history">Your courses, one term per line</label>
        <textarea
          id="history"
          name="history"
          rows={5}
          defaultValue={input.history}
          placeholder={"Fall 2024: COMPSCI 1, MATH 1\nSpring 2025: COMPSCI 17, DATA 1"}
        />
        <HistoryHelper targetId="history" />
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

function RecommendResults({ view }: { view: RecommendView }) {
  const { result, prep, checklist, error, input } = view;
  return (
    <>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      <div className="grid two" style={{ marginTop: "1rem" }}>
        <section aria-labelledby="recs">
          {result && (
            <>
              <h2 id="recs">Suggestions{result.nextTerm ? ` for ${result.nextTerm}` : ""}</h2>
              {result.ignored.length > 0 && (
                <p className="small muted">Too rare to carry a signal: {result.ignored.join(", ")}.</p>
              )}
              {result.recommendations.length === 0 ? (
                <p className="muted">No course passes these filters.</p>
              ) : (
                <ol className="panel" data-testid="recommendations" style={{ paddingLeft: "2rem" }}>
                  {result.recommendations.map((r) => (
                    <li key={r.code} style={{ marginBottom: "0.5rem" }}>
                      <Link href={`/courses/${encodeURIComponent(r.code)}`}>{r.code}</Link> {r.title}{" "}
                      <span className="pill">{(r.score * 100).toPrecision(2)}%</span>
                      <ul className="why">
                        {r.reasons.map((x) => (
                          <li key={x}>{x}</li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ol>
              )}
            </>
          )}
          {prep && (
            <>
              <h2>Preparing for {input.target}</h2>
              {"error" in prep ? (
                <p className="error-box">{prep.error}</p>
              ) : prep.steps.length ? (
                <ol className="panel" data-testid="preparation" style={{ paddingLeft: "2rem" }}>
                  {prep.steps.map((s) => (
                    <li key={s.code}>
                      <Link href={`/courses/${encodeURIComponent(s.code)}`}>{s.code}</Link> {s.title}{" "}
                      <span className="muted small">· {s.reason}</span>
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="muted">Nothing to add: you have what students usually take first.</p>
              )}
            </>
          )}
        </section>
        {checklist && (
          <section aria-labelledby="checklist">
            <h2 id="checklist">{input.program}: requirements</h2>
            <div className="panel" data-testid="checklist">
              {checklist.map((item) => (
                <div key={item.name} style={{ marginBottom: "0.7rem" }}>
                  <strong>
                    {item.satisfied ? "✓" : "○"} {item.name}
                  </strong>{" "}
                  <span className="muted small">
                    {item.done.length} of {item.count}
                  </span>
                  {!item.satisfied && (
                    <div className="small muted">
                      Options:{" "}
                      {item.options
                        .slice(0, 8)
                        .map((o) => o.code)
                        .join(", ")}
                      {item.options.length > 8 ? "…" : ""}
                    </div>
                  )}
                </div>
              ))}
            </div>
          </section>
        )}
      </div>
    </>
  );
}
