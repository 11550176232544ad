"use client";

import { startTransition, useActionState, useEffect, useRef } from "react";
import { planAction } from "./actions";
import { formQuery } from "../_components/form-query";
import { HistoryField } from "../recommend/history-field";
import { PlanResults } from "./plan-results";
import type { PlanFormInput, PlanView } from "./view";
import { formatHistoryText, parseHistoryText, type HistoryEntry } from "@/lib/validations/history-text";
import styles from "./plan.module.css";

const STORAGE_KEY = "course-atlas:plan";
/** Where /recommend keeps its form: a first visit here starts from that history. */
const RECOMMEND_KEY = "course-atlas:recommend";
type Option = { code: string; name: string };

function fillForm(form: HTMLFormElement, q: URLSearchParams) {
  const field = (name: string) => form.elements.namedItem(name);
  for (const name of ["history", "pins", "excluded", "wanted", "terms", "min", "max"]) {
    const f = field(name);
    if ((f instanceof HTMLTextAreaElement || f instanceof HTMLInputElement) && q.has(name))
      f.value = q.get(name)!;
  }
  const majors = field("major");
  if (majors instanceof HTMLSelectElement)
    for (const o of majors.options) o.selected = q.getAll("major").includes(o.value);
  for (const name of ["program", "unit"]) {
    const s = field(name);
    if (s instanceof HTMLSelectElement && q.has(name)) s.value = q.get(name)!;
  }
  const summers = field("summers");
  if (summers instanceof HTMLInputElement) summers.checked = q.get("summers") === "1";
}

/** Adds a line or a code to one of the form's text fields, then plans again. */
function editAndSubmit(form: HTMLFormElement, name: "pins" | "excluded", change: (v: string) => string) {
  const f = form.elements.namedItem(name);
  if (!(f instanceof HTMLTextAreaElement || f instanceof HTMLInputElement)) return;
  f.value = change(f.value);
  form.requestSubmit();
}

/**
 * The plan form. Like /recommend: the fields are kept in this browser's localStorage and sent in a
 * POST body through a server action (the history never goes into the address). `want` is a course
 * code from a course page's "plan with this course" link.
 */
export function PlanForm({
  initial,
  want,
  majorOptions,
  programs,
}: {
  initial: PlanView;
  want: string;
  majorOptions: Option[];
  programs: string[];
}) {
  const [view, formAction, pending] = useActionState(planAction, initial);
  const formRef = useRef<HTMLFormElement>(null);
  const input: PlanFormInput = view.input;

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const saved = window.localStorage.getItem(STORAGE_KEY);
    const fromRecommend = new URLSearchParams(window.localStorage.getItem(RECOMMEND_KEY) ?? "");
    if (saved) fillForm(form, new URLSearchParams(saved));
    else
      fillForm(
        form,
        new URLSearchParams([
          ["history", fromRecommend.get("history") ?? ""],
          ["program", fromRecommend.get("program") ?? ""],
          ...fromRecommend.getAll("major").map((m) => ["major", m]),
        ]),
      );
    const wanted = form.elements.namedItem("wanted");
    if (want && wanted instanceof HTMLInputElement && !wanted.value.split(/,\s*/).includes(want))
      wanted.value = wanted.value ? `${wanted.value}, ${want}` : want;
    const program = form.elements.namedItem("program");
    if (program instanceof HTMLSelectElement && program.value) form.requestSubmit();
  }, [want]);

  const editPins = (change: (pins: HistoryEntry[]) => HistoryEntry[]) =>
    editAndSubmit(formRef.current!, "pins", (v) => formatHistoryText(change(parseHistoryText(v).history)));
  const pin = (term: string, code: string) =>
    editPins((pins) => {
      const entry = pins.find((p) => p.term === term);
      if (entry) entry.courses.push(code);
      else pins.push({ term, courses: [code] });
      return pins;
    });
  const unpin = (code: string) =>
    editPins((pins) =>
      pins
        .map((p) => ({ ...p, courses: p.courses.filter((c) => c !== code) }))
        .filter((p) => p.courses.length),
    );
  const remove = (code: string) =>
    editAndSubmit(formRef.current!, "excluded", (v) => (v ? `${v}, ${code}` : code));

  return (
    <>
      <form
        ref={formRef}
        action={formAction}
        onSubmit={(e) => {
          // Run the action ourselves: React resets a form after its action, and a reset <select>
          // goes back to its first default, not to the plan's settings.
          e.preventDefault();
          const form = e.currentTarget;
          window.localStorage.setItem(STORAGE_KEY, formQuery(form).toString());
          startTransition(() => formAction(new FormData(form)));
        }}
        className={`panel ${styles.form}`}
        aria-label="Plan settings"
      >
        <div className="row">
          <div style={{ flex: "2 1 320px" }}>
            <HistoryField defaultValue={input.history} rows={4} />
          </div>
          <div>
            <label htmlFor="program">Program</label>
            <select id="program" name="program" defaultValue={input.program} required>
              <option value="">Choose…</option>
              {programs.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <label htmlFor="major" style={{ marginTop: "0.5rem" }}>
              Major(s)
            </label>
            <select id="major" name="major" multiple size={3} defaultValue={input.majors}>
              {majorOptions.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="row" style={{ marginTop: "0.6rem" }}>
          <div className={styles.narrow}>
            <label htmlFor="terms">Terms at most</label>
            <input id="terms" name="terms" type="number" min={1} max={16} defaultValue={input.terms} />
          </div>
          <div className={styles.narrow}>
            <label htmlFor="min">Load from</label>
            <input id="min" name="min" type="number" min={0} max={40} defaultValue={input.min} />
          </div>
          <div className={styles.narrow}>
            <label htmlFor="max">to</label>
            <input id="max" name="max" type="number" min={1} max={40} defaultValue={input.max} />
          </div>
          <div className={styles.narrow}>
            <label htmlFor="unit">counted in</label>
            <select id="unit" name="unit" defaultValue={input.unit}>
              <option value="courses">courses</option>
              <option value="units">units</option>
            </select>
          </div>
          <label className="check" style={{ flex: "0 0 auto" }}>
            <input type="checkbox" name="summers" value="1" defaultChecked={input.summers} /> Include summers
          </label>
        </div>
        <div className="row" style={{ marginTop: "0.6rem" }}>
          <div>
            <label htmlFor="pins">Pinned courses, one term per line</label>
            <textarea
              id="pins"
              name="pins"
              rows={2}
              defaultValue={input.pins}
              placeholder="Fall 2026: COMPSCI 170"
            />
          </div>
          <div>
            <label htmlFor="excluded">Courses to leave out</label>
            <input
              id="excluded"
              name="excluded"
              type="text"
              defaultValue={input.excluded}
              placeholder="MATH 53, …"
            />
            <label htmlFor="wanted" style={{ marginTop: "0.5rem" }}>
              Courses to include
            </label>
            <input
              id="wanted"
              name="wanted"
              type="text"
              defaultValue={input.wanted}
              placeholder="COMPSCI 189, …"
            />
          </div>
        </div>
        <div className="row" style={{ marginTop: "0.6rem" }}>
          <div style={{ flex: "0 0 auto" }}>
            <button type="submit" disabled={pending}>
              {view.result ? "Plan again" : "Plan"}
            </button>{" "}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                window.localStorage.removeItem(STORAGE_KEY);
                window.location.reload();
              }}
            >
              Start over
            </button>
          </div>
        </div>
      </form>
      <PlanResults view={view} pending={pending} onPin={pin} onUnpin={unpin} onRemove={remove} />
    </>
  );
}
