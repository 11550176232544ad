import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listSubjects } from "@/lib/queries/subjects";

export const dynamic = "force-dynamic";
export const metadata = { title: "Subjects" };

export default async function SubjectsPage() {
  const subjects = await listSubjects(getDb());
  const divisions = [...new Set(subjects.map((s) => s.division || "Other"))];
  return (
    <>
      <h1>Subjects</h1>
      <p className="muted">
        Every subject, with its courses, the subjects it relates to most, and the courses that bridge them.
      </p>
      {divisions.map((d) => (
        <section key={d}>
          <h2>{d}</h2>
          <div className="panel table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Subject</th>
                  <th>Code</th>
                  <th className="num">Courses</th>
                </tr>
              </thead>
              <tbody>
                {subjects
                  .filter((s) => (s.division || "Other") === d)
                  .map((s) => (
                    <tr key={s.code}>
                      <td>
                        <Link href={`/subjects/${encodeURIComponent(s.code)}`}>{s.name}</Link>
                      </td>
                      <td>{s.code}</td>
                      <td className="num">{s.courses}</td>
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
