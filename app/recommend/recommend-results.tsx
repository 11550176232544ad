import Link from "next/link";
import type { RecommendView } from "./view";
import { ExploreList } from "../_components/explore-list";

/** Suggestions, the preparation plan and the program checklist of one answer (rendered on either side). */
export function RecommendResults({ view }: { view: RecommendView }) {
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
          {view.explore && view.explore.length > 0 && (
            <ExploreList
              heading="Surprise me: beyond your subjects"
              intro="Courses outside the subjects you have taken, that students with courses like yours take, yet unusual for your major."
              items={view.explore}
            />
          )}
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
