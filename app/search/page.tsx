import { currentInstitution } from "@/lib/institution-request";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { searchCourses } from "@/lib/queries/search";
import { findTopicCourses } from "@/lib/queries/topics";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search" };

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const raw = (await searchParams).q;
  const q = ((Array.isArray(raw) ? raw[0] : raw) ?? "").slice(0, 200);
  const db = getDb();
  const inst = (await currentInstitution()).id;
  const results = q ? searchCourses(await getCatalog(db, inst), q, 50) : [];
  const topic = q ? await findTopicCourses(db, inst, q, new Set(results.map((c) => c.code))) : null;
  return (
    <>
      <h1>Search</h1>
      <form action="/search" className="row" style={{ maxWidth: 640 }}>
        <div>
          <label htmlFor="q">Course code, title or topic</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <div style={{ flex: "0 0 auto" }}>
          <button type="submit">Search</button>
        </div>
      </form>
      {q && (
        <p className="muted">
          {results.length} result{results.length === 1 ? "" : "s"} for “{q}”
        </p>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Code</th>
              <th>Title</th>
              <th>Subject</th>
              <th className="num">Units</th>
            </tr>
          </thead>
          <tbody>
            {results.map((c) => (
              <tr key={c.code}>
                <td>
                  <Link href={`/courses/${encodeURIComponent(c.code)}`}>{c.code}</Link>
                </td>
                <td>{c.title}</td>
                <td>{c.subjectName}</td>
                <td className="num">{c.units ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {topic && topic.courses.length > 0 && (
        <section aria-labelledby="topic-h" data-testid="topic-results">
          <h2 id="topic-h">Related by topic</h2>
          <p className="small muted">
            Courses that students take alongside courses described with{" "}
            {topic.matched.map((w, i) => (
              <span key={w}>
                {i > 0 && (i === topic.matched.length - 1 ? " and " : ", ")}
                <strong>{w}</strong>
              </span>
            ))}
            , though their own text may not say so (the words placed among the course2vec vectors).
          </p>
          <ul className="panel" style={{ paddingLeft: "2rem" }}>
            {topic.courses.map((c) => (
              <li key={c.code}>
                <Link href={`/courses/${encodeURIComponent(c.code)}`}>{c.code}</Link> {c.title}{" "}
                <span className="muted small">
                  · {c.subjectName} · topic similarity {c.score.toFixed(2)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
