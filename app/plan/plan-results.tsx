"use client";

import Link from "next/link";
import type { PlanView } from "./view";
import styles from "./plan.module.css";

const PINNED = "Pinned by you to ";

/** The plan as term columns beside the program's checklist, with the controls to change it. */
export function PlanResults({
  view,
  pending,
  onPin,
  onUnpin,
  onRemove,
}: {
  view: PlanView;
  pending: boolean;
  onPin: (term: string, code: string) => void;
  onUnpin: (code: string) => void;
  onRemove: (code: string) => void;
}) {
  const { result, checklist, error, input } = view;
  return (
    <>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className={styles.layout} aria-busy={pending}>
          <section aria-labelledby="plan-heading">
            <div className={styles.heading}>
              <h2 id="plan-heading">
                Plan for {input.program}: {result.terms.length} term{result.terms.length === 1 ? "" : "s"}
              </h2>
              <button type="button" className={`secondary ${styles.noPrint}`} onClick={() => window.print()}>
                Print
              </button>
            </div>
            {result.unmet.length > 0 && (
              <div className="notice" role="status" data-testid="unmet">
                <strong>This plan does not finish the program:</strong>
                <ul>
                  {result.unmet.map((u) => (
                    <li key={u.requirement}>
                      {u.requirement}: {u.reason}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div className={styles.terms} data-testid="plan-terms">
              {result.terms.map((t) => (
                <section key={t.term} className={styles.term} aria-label={t.term}>
                  <h3>{t.term}</h3>
                  {t.courses.length === 0 && <p className="muted small">Nothing planned</p>}
                  <ul className={styles.courses}>
                    {t.courses.map((c) => {
                      const pinned = c.reasons.some((r) => r.startsWith(PINNED));
                      return (
                        <li key={c.code} className={pinned ? styles.pinned : undefined} data-code={c.code}>
                          <Link href={`/courses/${encodeURIComponent(c.code)}`}>{c.code}</Link>{" "}
                          <span className={styles.title}>{c.title}</span>
                          <ul className="why">
                            {c.reasons.map((r) => (
                              <li key={r}>{r}</li>
                            ))}
                          </ul>
                          <div className={styles.actions}>
                            {pinned ? (
                              <button type="button" className="secondary" onClick={() => onUnpin(c.code)}>
                                Unpin
                              </button>
                            ) : (
                              <button
                                type="button"
                                className="secondary"
                                aria-label={`Pin ${c.code} to ${t.term}`}
                                onClick={() => onPin(t.term, c.code)}
                              >
                                Pin here
                              </button>
                            )}{" "}
                            <button
                              type="button"
                              className="secondary"
                              aria-label={`Leave out ${c.code}`}
                              onClick={() => onRemove(c.code)}
                            >
                              Leave out
                            </button>
                          </div>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ))}
            </div>
          </section>
          {checklist && (
            <aside aria-labelledby="checklist-heading" className={styles.checklist}>
              <h2 id="checklist-heading">Requirements</h2>
              <div className="panel" data-testid="plan-checklist">
                {checklist.map((item) => {
                  const done = item.done.length;
                  const planned = Math.min(item.planned.length, Math.max(0, item.count - done));
                  const full = done + planned >= item.count;
                  return (
                    <div key={item.name} className={styles.requirement}>
                      <strong>
                        {full ? "✓" : "○"} {item.name}
                      </strong>{" "}
                      <span className="muted small">
                        {Math.min(done, item.count)} done{planned ? ` + ${planned} planned` : ""} of{" "}
                        {item.count}
                      </span>
                      <div
                        className={styles.meter}
                        role="img"
                        aria-label={`${Math.min(done + planned, item.count)} of ${item.count}`}
                      >
                        <span
                          className={styles.done}
                          style={{ width: `${(100 * Math.min(done, item.count)) / item.count}%` }}
                        />
                        <span
                          className={styles.plannedBar}
                          style={{ width: `${(100 * planned) / item.count}%` }}
                        />
                      </div>
                      {item.planned.length > 0 && (
                        <div className="small muted">Planned: {item.planned.join(", ")}</div>
                      )}
                    </div>
                  );
                })}
              </div>
            </aside>
          )}
        </div>
      )}
    </>
  );
}
