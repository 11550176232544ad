import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { currentStaff } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";
import { currentInstitution } from "@/lib/institution-request";

export const dynamic = "force-dynamic";
export const metadata = { title: "Staff exports" };

const EXPORTS = [
  {
    kind: "similar",
    title: "Similar courses",
    text: "One row per pair: course, similar course, rank and percent similarity.",
  },
  {
    kind: "course-subjects",
    title: "Course ↔ subject relationships",
    text: "How strongly each course relates to each subject.",
  },
  {
    kind: "subjects",
    title: "Subject ↔ subject relationships",
    text: "Related subjects for every subject, ranked.",
  },
  {
    kind: "recommendations",
    title: "Recommended lists",
    text: "For each program and term of study (1-8), the model's top courses.",
  },
];

export default async function ExportsPage() {
  const db = getDb();
  const staff = await currentStaff(db);
  if (!staff) redirect("/staff/sign-in");
  const institution = await currentInstitution();
  const [runs, log, events] = await Promise.all([
    db.modelRun.findMany({
      where: { institutionId: institution.id, isActive: true },
      select: { id: true, kind: true, createdAt: true },
    }),
    db.exportLog.findMany({ orderBy: { id: "desc" }, take: 15 }),
    db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 15 }),
  ]);
  return (
    <>
      <p className="kicker">
        Signed in as {staff.name} · <Link href="/staff/imports">Import report</Link>
      </p>
      <h1>Exports</h1>
      <p className="muted">
        CSV files from the active models of {institution.name} (
        {runs.map((r) => `${r.kind} run ${r.id}`).join(", ") || "none trained yet"}). Rows about courses with
        fewer than {env.MIN_STUDENTS} students are left out. Every download is logged with who, when and from
        which address and browser.
      </p>
      <div className="grid cards">
        {EXPORTS.map((e) => (
          <form
            key={e.kind}
            method="post"
            action={`/api/staff/exports/${e.kind}?institution=${encodeURIComponent(institution.code)}`}
            className="panel"
          >
            <h2 style={{ marginTop: 0 }}>{e.title}</h2>
            <p className="small muted">{e.text}</p>
            <label htmlFor={`top-${e.kind}`}>Top</label>
            <select id={`top-${e.kind}`} name="top" defaultValue="10">
              {[5, 10, 20, 50].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
            <div style={{ marginTop: "0.7rem" }}>
              <button type="submit">Download CSV</button>
            </div>
          </form>
        ))}
      </div>
      <h2>Recent exports</h2>
      <div className="panel table-wrap">
        <table>
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Who</th>
              <th>What</th>
              <th className="num">Rows</th>
              <th className="num">Model run</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {log.map((l) => (
              <tr key={l.id}>
                <td>{l.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td>{l.actor}</td>
                <td>
                  {l.kind} {l.params}
                </td>
                <td className="num">{l.rows.toLocaleString("en-US")}</td>
                <td className="num">{l.runId}</td>
                <td className="small">{l.clientAddress}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Recent sign-ins and refusals</h2>
      <div className="panel table-wrap">
        <table data-testid="audit">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Event</th>
              <th>Who</th>
              <th>From</th>
              <th>Browser</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td>
                  {e.event}
                  {e.detail && ` (${e.detail})`}
                </td>
                <td>{e.actor || "–"}</td>
                <td className="small">{e.clientAddress}</td>
                <td className="small">{e.userAgent.slice(0, 60)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SignOutButton />
    </>
  );
}
