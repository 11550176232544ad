"use client";

import { useActionState, useState } from "react";
import { transferAction } from "./actions";
import { MAX_COURSES, type TransferView } from "./transfer-view";

type College = { code: string; name: string; courses: { code: string; title: string }[] };
const FIELDS = 6;

/** The form (a server action: works without JavaScript) and, once sent, what each course counts as. */
export function TransferForm({
  to,
  colleges,
  initial,
}: {
  to: string;
  colleges: College[];
  initial: TransferView;
}) {
  const [view, formAction, pending] = useActionState(transferAction, initial);
  const [from, setFrom] = useState(initial.from);
  const college = colleges.find((c) => c.code === from) ?? colleges[0]!;
  return (
    <>
      <form action={formAction} className="panel" aria-label="Courses you took">
        <input type="hidden" name="to" value={to} />
        <label htmlFor="from">College</label>
        <select id="from" name="from" value={from} onChange={(e) => setFrom(e.target.value)}>
          {colleges.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name} ({c.code})
            </option>
          ))}
        </select>
        <datalist id={`catalog-${college.code}`}>
          {college.courses.map((c) => (
            <option key={c.code} value={c.code}>
              {c.title}
            </option>
          ))}
        </datalist>
        <fieldset style={{ border: 0, padding: 0, marginTop: "0.8rem" }}>
          <legend>
            Courses taken (type a code or a title to pick from the catalog; up to {MAX_COURSES})
          </legend>
          <div className="grid cards">
            {Array.from({ length: FIELDS }, (_, i) => (
              <div key={i}>
                <label htmlFor={`course-${i}`} className="small muted">
                  Course {i + 1}
                </label>
                <input
                  type="text"
                  id={`course-${i}`}
                  name="course"
                  list={`catalog-${college.code}`}
                  autoComplete="off"
                  style={{ width: "100%" }}
                />
              </div>
            ))}
          </div>
        </fieldset>
        <div style={{ marginTop: "0.8rem" }}>
          <button type="submit" disabled={pending}>
            {pending ? "Looking up…" : "What counts here?"}
          </button>
        </div>
      </form>
      <TransferResults view={view} />
    </>
  );
}

function TransferResults({ view }: { view: TransferView }) {
  if (view.error) return <p className="notice">{view.error}</p>;
  return (
    <div aria-live="polite">
      {view.unknown.length > 0 && (
        <p className="notice">
          Not in {view.from}&apos;s catalog: {view.unknown.join(", ")}.
        </p>
      )}
      {view.modelMissing && view.courses.length > 0 && (
        <p className="small muted">
          No articulation model has been trained for {view.from} yet: only agreed pairs are shown.
        </p>
      )}
      {view.courses.map((c) => (
        <section
          key={c.code}
          className="panel"
          style={{ marginTop: "1rem" }}
          aria-label={c.code}
          data-testid="transfer-course"
        >
          <h2 style={{ marginTop: 0 }}>
            {c.code} · {c.title}
          </h2>
          {c.agreed.length > 0 ? (
            <ul>
              {c.agreed.map((a) => (
                <li key={a.code}>
                  <span className="pill good">agreed</span> counts as <strong>{a.code}</strong> {a.title}
                  <span className="small muted">
                    {" "}
                    (
                    {a.source === "known"
                      ? "an established articulation"
                      : "accepted by the articulation office"}
                    )
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="small">No agreed articulation yet.</p>
          )}
          {c.proposals.length === 0 && c.agreed.length === 0 && (
            <p className="small">No likely equivalent found: ask an advisor whether it counts here.</p>
          )}
          {c.proposals.length > 0 && (
            <>
              <h3>Proposals: confirm with an advisor</h3>
              <ul>
                {c.proposals.map((p) => (
                  <li key={p.code}>
                    <span className="pill">proposal</span> may count as <strong>{p.code}</strong> {p.title}{" "}
                    <span className="small muted">
                      (model score {(p.score * 100).toFixed(0)}%
                      {p.reasons[0] ? `; ${p.reasons.slice(0, 2).join("; ")}` : ""})
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
    </div>
  );
}
