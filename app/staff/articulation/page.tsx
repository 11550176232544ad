import Link from "next/link";
import { redirect } from "next/navigation";
import { currentStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { resolveInstitution } from "@/lib/institution";
import { listPartnerInstitutions, resolveArticulationScope } from "@/lib/queries/articulation";
import { listProposalSubjects, listProposals } from "@/lib/queries/articulation-staff";
import { ProposalCard } from "./proposal-card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Articulation review" };

type Search = { from?: string; subject?: string };

export default async function ArticulationPage({ searchParams }: { searchParams: Promise<Search> }) {
  const db = getDb();
  const staff = await currentStaff(db);
  if (!staff) redirect("/staff/sign-in");
  const q = await searchParams;
  const to = await resolveInstitution(db);
  const partners = await listPartnerInstitutions(db, to);
  const fromCode = partners.some((p) => p.code === q.from) ? q.from! : partners[0]?.code;
  const scope = fromCode ? await resolveArticulationScope(db, fromCode, to.code) : null;
  const subjects = scope ? await listProposalSubjects(db, scope) : [];
  const subject = subjects.some((s) => s.code === q.subject) ? q.subject! : subjects[0]?.code;
  const proposals = scope && subject ? await listProposals(db, scope, subject) : [];
  const cv = scope?.run?.results?.metrics.cv.combined;
  return (
    <>
      <p className="kicker">
        Signed in as {staff.name} · <Link href="/staff/exports">Exports</Link> ·{" "}
        <Link href="/staff/imports">Import report</Link>
      </p>
      <h1>Articulation review</h1>
      <p className="muted">
        Which course of a partner institution counts as which course at {to.name}. Each proposal comes from
        the articulation model (enrollment context translated between the two institutions, catalog
        descriptions, titles and numbers, and the known articulations of neighbouring courses). Accepted pairs
        are shown to students as agreed and become known pairs for the next training run (npm run
        train:articulation); rejected ones are never proposed as agreed. Every decision is audited.
      </p>
      {!scope && <p className="notice">No partner institution has been imported yet.</p>}
      {scope && !scope.run && (
        <p className="notice">
          No articulation model from {scope.from.code} to {to.code} yet: train one with npm run
          train:articulation -- --from {scope.from.code} --to {to.code} --known FILE.
        </p>
      )}
      {scope?.run && (
        <>
          <p className="small">
            Model run {scope.run.id} · {scope.run.params?.knownPairs ?? "?"} known pairs
            {cv &&
              ` · cross-validated on them: ${(cv.recallAt5 * 100).toFixed(0)}% of equivalents in the top 5`}
          </p>
          <form method="get" action="/staff/articulation" className="row" aria-label="Choose a subject">
            <div style={{ flex: "2 1 18rem" }}>
              <label htmlFor="from">From</label>
              <select id="from" name="from" defaultValue={scope.from.code} style={{ width: "100%" }}>
                {partners.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name} ({p.code})
                  </option>
                ))}
              </select>
            </div>
            <div style={{ flex: "1 1 12rem" }}>
              <label htmlFor="subject">Subject</label>
              <select id="subject" name="subject" defaultValue={subject} style={{ width: "100%" }}>
                {subjects.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.code} ({s.courses} courses)
                  </option>
                ))}
              </select>
            </div>
            <div style={{ flex: "0 0 auto" }}>
              <button type="submit">Show</button>
            </div>
          </form>
          <form method="post" action="/api/staff/articulation/export" style={{ marginTop: "0.8rem" }}>
            <input type="hidden" name="from" value={scope.from.code} />
            <input type="hidden" name="to" value={to.code} />
            <button type="submit" className="secondary">
              Download decisions (CSV)
            </button>{" "}
            <span className="small muted">
              every accepted or rejected pair: from course, to course, status, by whom, when
            </span>
          </form>
          {proposals.map((p) => (
            <ProposalCard
              key={p.course.id}
              p={p}
              scope={{ from: scope.from.code, to: to.code }}
              subject={subject!}
            />
          ))}
        </>
      )}
    </>
  );
}
