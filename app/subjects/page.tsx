import { currentInstitution } from "@/lib/institution-request";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listSubjects } from "@/lib/queries/subjects";
import { findSubjectNetwork } from "@/lib/queries/subject-network";
import { SubjectHeatmap } from "../_components/subject-heatmap";
import { SubjectNetwork } from "../_components/subject-network";

export const dynamic = "force-dynamic";
export const metadata = { title: "Subjects" };

export default async function SubjectsPage({ searchParams }: { searchParams: Promise<{ view?: string }> }) {
  // The matrix has a cell per pair of subjects: its own view keeps the default page light.
  const view = (await searchParams).view === "matrix" ? "matrix" : "network";
  const db = getDb();
  const inst = (await currentInstitution()).id;
  const [subjects, network] = await Promise.all([listSubjects(db, inst), findSubjectNetwork(db, inst)]);
  const divisions = [...new Set(subjects.map((s) => s.division || "Other"))];
  return (
    <>
      <h1>Subjects</h1>
      <p className="muted">
        How subjects relate, as students combine them: a network, the same figures as a matrix, and every
        subject with its courses, the subjects it relates to most, and the courses that bridge them.
      </p>
      {network.nodes.length > 1 ? (
        <section className="panel" aria-labelledby="network-h">
          <h2 id="network-h">{view === "matrix" ? "Subject similarity matrix" : "Subject network"}</h2>
          <nav className="tabs" aria-label="Show the relationships as">
            <Link href="/subjects" aria-current={view === "network" ? "true" : undefined}>
              Network
            </Link>
            <Link href="/subjects?view=matrix" aria-current={view === "matrix" ? "true" : undefined}>
              Matrix
            </Link>
          </nav>
          {view === "matrix" ? (
            <SubjectHeatmap nodes={network.nodes} matrix={network.matrix} />
          ) : (
            <SubjectNetwork nodes={network.nodes} links={network.links} matrix={network.matrix} />
          )}
        </section>
      ) : (
        <p className="notice">The subject network appears once course2vec is trained.</p>
      )}
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
