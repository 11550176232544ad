import type { CourseArticulation } from "@/lib/queries/articulation";
import { decideAction } from "./actions";
import { courseAnchor } from "./anchor";

/** Below this best score a course probably has no equivalent (students are not shown such proposals). */
const WEAK = 0.1;

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16);

/** One `from` course: what is agreed, and each proposal with its reasons and accept/reject buttons. */
export function ProposalCard({
  p,
  scope,
  subject,
}: {
  p: CourseArticulation;
  scope: { from: string; to: string };
  subject: string;
}) {
  const id = courseAnchor(p.course.code);
  return (
    <section className="panel" style={{ marginTop: "1rem" }} id={id} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} style={{ marginTop: 0 }}>
        {p.course.code} · {p.course.title}
      </h2>
      <p className="small">
        {p.agreed.length === 0
          ? "Nothing agreed yet."
          : `Agreed: ${p.agreed
              .map(
                (a) =>
                  `${a.code} ${a.title} (${a.source === "known" ? "known articulation" : `accepted by ${a.decision?.decidedBy ?? "?"}, ${a.decision ? when(a.decision.decidedAt) : ""} UTC`})`,
              )
              .join("; ")}`}
      </p>
      {(p.candidates[0]?.score ?? 0) < WEAK && p.agreed.length === 0 && (
        <p className="small notice">
          No strong candidate (best {((p.candidates[0]?.score ?? 0) * 100).toFixed(0)}%): this course may have
          no equivalent here.
        </p>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Counts as</th>
              <th className="num">Score</th>
              <th>Why</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            {p.candidates.map((c) => (
              <tr key={c.code} data-testid="proposal">
                <td className="num">{c.rank}</td>
                <td>
                  <strong>{c.code}</strong> {c.title}
                </td>
                <td className="num">{(c.score * 100).toFixed(0)}%</td>
                <td className="small">
                  {c.reasons.length === 0 ? (
                    <span className="muted">no strong signal</span>
                  ) : (
                    <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
                      {c.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {c.status !== "proposed" && (
                    <span className={`pill ${c.status === "agreed" ? "good" : "warn"}`}>{c.status}</span>
                  )}
                  <form action={decideAction} className="row" style={{ gap: "0.3rem", marginTop: "0.3rem" }}>
                    <input type="hidden" name="fromInstitution" value={scope.from} />
                    <input type="hidden" name="toInstitution" value={scope.to} />
                    <input type="hidden" name="from" value={p.course.code} />
                    <input type="hidden" name="to" value={c.code} />
                    <input type="hidden" name="subject" value={subject} />
                    {c.status !== "agreed" && (
                      <button
                        type="submit"
                        name="status"
                        value="accepted"
                        aria-label={`Accept ${c.code} for ${p.course.code}`}
                      >
                        Accept
                      </button>
                    )}
                    {c.status !== "rejected" && (
                      <button
                        type="submit"
                        name="status"
                        value="rejected"
                        className="secondary"
                        aria-label={`Reject ${c.code} for ${p.course.code}`}
                      >
                        Reject
                      </button>
                    )}
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
