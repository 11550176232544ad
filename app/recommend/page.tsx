import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { isAppError } from "@/lib/errors";
import { findPreparation, findProgramChecklist, listPrograms } from "@/lib/queries/programs";
import { recommendCourses } from "@/lib/queries/recommend";
import { listSubjects } from "@/lib/queries/subjects";
import { parseHistoryText } from "@/lib/validations/history-text";
import { HistoryHelper } from "./history-helper";

export const dynamic = "force-dynamic";
export const metadata = { title: "Recommend" };

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []).filter(Boolean);

export default async function RecommendPage({ searchParams }: { searchParams: Promise<SP> }) {
  const sp = await searchParams;
  const db = getDb();
  const historyText = one(sp.history).slice(0, 8000);
  const majors = many(sp.major).slice(0, 4);
  const program = one(sp.program);
  const prefer = one(sp.prefer);
  const offered = one(sp.offered) === "1";
  const reqOnly = one(sp.req) === "1";
  const showTaken = one(sp.taken) === "1";
  const target = one(sp.target).slice(0, 64);
  const { history, problems } = parseHistoryText(historyText);
  const [subjects, programs, catalog] = await Promise.all([
    listSubjects(db),
    listPrograms(db),
    getCatalog(db),
  ]);
  const model = await db.modelRun.findFirst({
    where: { kind: "rnn", isActive: true },
    select: { metrics: true },
  });
  const majorOptions = model ? subjects.filter((s) => s.courses > 0) : [];

  let result: Awaited<ReturnType<typeof recommendCourses>> | null = null;
  let error = problems.join(" ");
  if (!error && (history.length || majors.length)) {
    try {
      result = await recommendCourses(db, {
        history,
        majors,
        program: program || undefined,
        filters: {
          preferSubject: prefer || undefined,
          offeredNextTerm: offered,
          requirementsOnly: reqOnly && !!program,
          hideTaken: !showTaken,
        },
        limit: 15,
      });
    } catch (err) {
      if (isAppError(err)) error = err.message;
      else throw err;
    }
  }
  const takenIds = history
    .flatMap((h) => h.courses)
    .flatMap((c) => {
      const x = catalog.byCode.get(c);
      return x ? [x.id] : [];
    });
  const checklist = program ? await findProgramChecklist(db, program, takenIds).catch(() => null) : null;
  const prep = target
    ? await findPreparation(db, target, takenIds).catch((e: Error) => ({ error: e.message }))
    : null;

  return (
    <>
      <h1>What should I take next?</h1>
      <p className="muted">
        Enter the terms you have taken so far. Your history stays in this page and its address (bookmark or
        share it); it is never stored or logged.
      </p>
      <form method="get" action="/recommend" className="panel" aria-label="Your history">
        <label htmlFor="history">Your courses, one term per line</label>
        <textarea
          id="history"
          name="history"
          rows={5}
          defaultValue={historyText}
          placeholder={"Fall 2024: COMPSCI 1, MATH 1\nSpring 2025: COMPSCI 17, DATA 1"}
        />
        <HistoryHelper targetId="history" />
        <div className="row" style={{ marginTop: "0.8rem" }}>
          <div>
            <label htmlFor="major">Major(s)</label>
            <select id="major" name="major" multiple size={4} defaultValue={majors}>
              {majorOptions.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="program">Program (for requirements)</label>
            <select id="program" name="program" defaultValue={program}>
              <option value="">None</option>
              {programs.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <label htmlFor="prefer" style={{ marginTop: "0.5rem" }}>
              More like
            </label>
            <select id="prefer" name="prefer" defaultValue={prefer}>
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
              <input type="checkbox" name="offered" value="1" defaultChecked={offered} /> Offered next term
              only
            </label>
            <label className="check">
              <input type="checkbox" name="req" value="1" defaultChecked={reqOnly} /> Counts toward an unmet
              requirement
            </label>
            <label className="check">
              <input type="checkbox" name="taken" value="1" defaultChecked={showTaken} /> Include courses I
              took
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
              defaultValue={target}
              placeholder="e.g. COMPSCI 189"
            />
          </div>
          <div style={{ flex: "0 0 auto" }}>
            <button type="submit">Recommend</button>
          </div>
        </div>
      </form>

      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {!model && (
        <p className="notice">
          No recommendation model is trained yet: run <code>npm run train:rnn</code>.
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
                      <span className="pill">{(r.score * 100).toFixed(1)}%</span>
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
              <h2>Preparing for {target}</h2>
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
            <h2 id="checklist">{program}: requirements</h2>
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
