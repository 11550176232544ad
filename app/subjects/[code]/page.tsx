import { currentInstitution } from "@/lib/institution-request";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { decodeSegment } from "@/lib/http";
import { isAppError } from "@/lib/errors";
import { findBridgeCourses, findRelatedSubjects, getSubject } from "@/lib/queries/subjects";
import { PercentBarChart } from "../../_components/bar-chart";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ code: string }>; searchParams: Promise<{ with?: string }> };

export async function generateMetadata({ params }: Params) {
  return { title: decodeSegment((await params).code) };
}

export default async function SubjectPage({ params, searchParams }: Params) {
  const db = getDb();
  const inst = (await currentInstitution()).id;
  let subject;
  try {
    subject = await getSubject(db, inst, decodeSegment((await params).code));
  } catch (err) {
    if (isAppError(err, "not_found")) notFound();
    throw err;
  }
  const related = await findRelatedSubjects(db, inst, subject.code);
  const withCode = (await searchParams).with ?? related[0]?.code;
  const partner = related.find((r) => r.code === withCode);
  const bridges = partner ? await findBridgeCourses(db, inst, subject.code, partner.code) : [];
  const levels = [...new Set(subject.courses.map((c) => c.level || "Other"))];
  return (
    <>
      <p className="kicker">{subject.division}</p>
      <h1>
        {subject.name} <span className="muted">({subject.code})</span>
      </h1>
      <div className="grid two">
        <section className="panel" aria-labelledby="related-heading">
          <h2 id="related-heading" style={{ marginTop: 0 }}>
            Related subjects
          </h2>
          {related.length ? (
            <>
              <PercentBarChart
                title="Similarity of each subject's average course vector to this subject's."
                rows={related.slice(0, 12).map((r) => ({
                  label: r.code,
                  name: r.name,
                  value: Math.max(0, Math.round(r.score * 100)),
                }))}
              />
              <table data-testid="related-table">
                <thead>
                  <tr>
                    <th>Subject</th>
                    <th className="num">Score</th>
                    <th>Bridges</th>
                  </tr>
                </thead>
                <tbody>
                  {related.slice(0, 15).map((r) => (
                    <tr key={r.code}>
                      <td>
                        <Link href={`/subjects/${encodeURIComponent(r.code)}`}>{r.name}</Link>{" "}
                        <span className="muted small">{r.division}</span>
                      </td>
                      <td className="num">{Math.round(r.score * 100)}%</td>
                      <td>
                        <Link
                          href={`/subjects/${encodeURIComponent(subject.code)}?with=${encodeURIComponent(r.code)}#bridges`}
                          aria-label={`Courses bridging ${subject.name} and ${r.name}`}
                        >
                          show
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p className="muted">Available once course2vec is trained.</p>
          )}
        </section>
        <section className="panel" aria-labelledby="bridges">
          <h2 id="bridges" style={{ marginTop: 0 }}>
            Courses bridging {subject.code} and {partner?.code ?? "…"}
          </h2>
          {bridges.length ? (
            <ol style={{ paddingLeft: "1.2rem", margin: 0 }}>
              {bridges.map((b) => (
                <li key={b.code}>
                  <Link href={`/courses/${encodeURIComponent(b.code)}`}>{b.code}</Link> {b.title}{" "}
                  <span className="muted small">· {Math.round(b.score * 100)}%</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">Pick a related subject to see the courses that connect the two.</p>
          )}
        </section>
      </div>
      <h2>All {subject.courses.length} courses</h2>
      {levels.map((l) => (
        <section key={l}>
          <h3>{l[0]!.toUpperCase() + l.slice(1)}</h3>
          <div className="panel table-wrap">
            <table>
              <tbody>
                {subject.courses
                  .filter((c) => (c.level || "Other") === l)
                  .map((c) => (
                    <tr key={c.code}>
                      <td style={{ width: "9rem" }}>
                        <Link href={`/courses/${encodeURIComponent(c.code)}`}>{c.code}</Link>
                      </td>
                      <td>{c.title}</td>
                      <td className="num">{c.units ?? "–"} units</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
