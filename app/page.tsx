import { currentInstitution } from "@/lib/institution-request";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { listActiveRunKinds } from "@/lib/queries/models";
import { listSubjects } from "@/lib/queries/subjects";
import { CourseSearch } from "./_components/course-search";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = getDb();
  const institution = await currentInstitution();
  const inst = institution.id;
  const [catalog, subjects, trained] = await Promise.all([
    getCatalog(db, inst),
    listSubjects(db, inst),
    listActiveRunKinds(db, inst),
  ]);
  const divisions = [...new Set(subjects.map((s) => s.division || "Other"))];
  return (
    <>
      <section className="hero">
        <p className="kicker">Course Atlas · {institution.name}</p>
        <h1>Find courses, and the courses like them</h1>
        <p className="muted" style={{ maxWidth: 680 }}>
          Similarities learned from how students actually combine courses over the years, relationships
          between subjects, and next-term suggestions for your own history.
        </p>
        <div style={{ maxWidth: 680 }}>
          <CourseSearch
            id="home-search"
            placeholder="Try “cs61a”, “machine learning” or “Japanese Buddhism”"
            autoFocus
          />
        </div>
      </section>
      <section className="grid cards" style={{ marginTop: "1.2rem" }} aria-label="At a glance">
        <div className="panel">
          <div className="stat">{catalog.courses.length.toLocaleString("en-US")}</div>
          <div className="muted">courses in {catalog.subjects.size} subjects</div>
        </div>
        <div className="panel">
          <div className="stat">{trained.length ? "Trained" : "Not trained"}</div>
          <div className="muted">
            {trained.join(" and ") || "no model yet"} · <Link href="/models">model report</Link>
          </div>
        </div>
        <div className="panel">
          <div className="stat">
            <Link href="/map">Course map</Link>
          </div>
          <div className="muted">every course placed by similarity</div>
        </div>
        <div className="panel">
          <div className="stat">
            <Link href="/recommend">What next?</Link>
          </div>
          <div className="muted">suggestions for your own history</div>
        </div>
      </section>
      <h2>Browse by subject</h2>
      <div className="grid cards">
        {divisions.map((d) => (
          <div className="panel" key={d}>
            <h3 style={{ marginTop: 0 }}>{d}</h3>
            <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
              {subjects
                .filter((s) => (s.division || "Other") === d)
                .map((s) => (
                  <li key={s.code}>
                    <Link href={`/subjects/${encodeURIComponent(s.code)}`}>{s.name}</Link>{" "}
                    <span className="muted small">{s.courses}</span>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </div>
    </>
  );
}
