import { currentInstitution } from "@/lib/institution-request";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { currentStaff } from "@/lib/auth/session";
import { listImportReports } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";
export const metadata = { title: "Import report" };

const num = (n: number) => n.toLocaleString("en-US");
const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

export default async function ImportsPage() {
  const staff = await currentStaff();
  if (!staff) redirect("/staff/sign-in");
  const institution = await currentInstitution();
  const inst = institution.id;
  const reports = await listImportReports(getDb(), inst);
  return (
    <>
      <p className="kicker">
        Signed in as {staff.name} · <Link href="/staff/exports">Exports</Link>
      </p>
      <h1>Imports</h1>
      <p className="muted">
        Each import of {institution.name} with the files it read, what it wrote, what it warned about, and the
        model runs trained on it. Examples name course codes and file lines, never a student.
      </p>
      {reports.length === 0 && <p className="notice">Nothing has been imported yet.</p>}
      {reports.map((r) => (
        <section key={r.id} className="panel" aria-labelledby={`import-${r.id}`}>
          <h2 id={`import-${r.id}`} style={{ marginTop: 0 }}>
            Import {r.id} · {when(r.createdAt)} UTC
          </h2>
          <p className="small">
            {num(r.counts.courses)} courses in {num(r.counts.subjects)} subjects, {num(r.counts.students)}{" "}
            students, {num(r.counts.enrollments)} enrollments over {num(r.counts.terms)} terms, in{" "}
            {(r.durationMs / 1000).toFixed(1)} s. Calendar: {r.calendar}. Data hash{" "}
            <code>{r.dataHash.slice(0, 12)}</code>.
          </p>
          <div className="table-wrap">
            <table>
              <caption className="small muted">Files</caption>
              <thead>
                <tr>
                  <th>File</th>
                  <th>Kind</th>
                  <th className="num">Rows</th>
                  <th>SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {r.files.map((f) => (
                  <tr key={f.kind}>
                    <td>{f.name}</td>
                    <td>{f.kind}</td>
                    <td className="num">{num(f.rows)}</td>
                    <td>
                      <code title={f.sha256}>{f.sha256.slice(0, 16)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Warnings</h3>
          {r.warnings.length === 0 ? (
            <p className="small muted">None.</p>
          ) : (
            <ul className="small">
              {r.warnings.map((w) => (
                <li key={w.kind}>
                  <strong>
                    {num(w.count)} {w.meaning}
                  </strong>
                  {w.rows !== w.count && ` (${num(w.rows)} rows)`}: e.g.{" "}
                  {w.examples.map((x) => `${x.file}:${x.line} ${x.detail}`).join("; ")}
                </li>
              ))}
            </ul>
          )}
          <h3>Model runs trained on it</h3>
          <p className="small">
            {r.modelRuns.length === 0
              ? "None yet."
              : r.modelRuns
                  .map((m) => `${m.kind} run ${m.id} (${m.status}${m.isActive ? ", active" : ""})`)
                  .join(", ")}
          </p>
        </section>
      ))}
    </>
  );
}
