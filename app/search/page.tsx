import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { searchCourses } from "@/lib/queries/search";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search" };

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const raw = (await searchParams).q;
  const q = ((Array.isArray(raw) ? raw[0] : raw) ?? "").slice(0, 200);
  const results = q ? searchCourses(await getCatalog(getDb()), q, 50) : [];
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
    </>
  );
}
