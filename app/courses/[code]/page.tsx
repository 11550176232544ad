import { currentInstitution } from "@/lib/institution-request";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { decodeSegment } from "@/lib/http";
import { formatCount } from "@/lib/queries/disclosure";
import {
  findCourseSubjectRelations,
  findSimilarCourses,
  findTakenNext,
  getCourseDetail,
  type CourseRef,
} from "@/lib/queries/courses";
import { isAppError } from "@/lib/errors";
import { PercentBarChart } from "../../_components/bar-chart";
import { ExploreSection } from "../../_components/explore-section";

export const dynamic = "force-dynamic";

type Params = {
  params: Promise<{ code: string }>;
  searchParams: Promise<{ other?: string; level?: string }>;
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: decodeSegment((await params).code) };
}

const LEVELS: [string, string][] = [
  ["", "All levels"],
  ["1", "Lower division"],
  ["2", "Upper division"],
  ["3", "Graduate"],
];

function CourseLinks({ items }: { items: CourseRef[] }) {
  if (!items.length) return <span className="muted">none</span>;
  return (
    <>
      {items.map((c, i) => (
        <span key={c.code}>
          {i > 0 && ", "}
          <Link href={`/courses/${encodeURIComponent(c.code)}`} title={c.title}>
            {c.code}
          </Link>
        </span>
      ))}
    </>
  );
}

export default async function CoursePage({ params, searchParams }: Params) {
  const code = decodeSegment((await params).code);
  const sp = await searchParams;
  const otherSubjects = sp.other === "1";
  const level = sp.level && /^[1-3]$/.test(sp.level) ? Number(sp.level) : undefined;
  const db = getDb();
  const inst = (await currentInstitution()).id;
  let course;
  try {
    course = await getCourseDetail(db, inst, code);
  } catch (err) {
    if (isAppError(err, "not_found")) notFound();
    throw err;
  }
  const [similar, relations, next] = await Promise.all([
    findSimilarCourses(db, inst, course.code, {
      limit: 10,
      otherSubjects,
      levelRank: level,
      withReasons: true,
    }),
    findCourseSubjectRelations(db, inst, course.code),
    findTakenNext(db, inst, course.code),
  ]);
  const href = (o: boolean, l?: number) => {
    const q = new URLSearchParams();
    if (o) q.set("other", "1");
    if (l) q.set("level", String(l));
    const s = q.toString();
    return `/courses/${encodeURIComponent(course.code)}${s ? `?${s}` : ""}#similar`;
  };
  return (
    <>
      <p className="kicker">
        <Link href={`/subjects/${encodeURIComponent(course.subject)}`}>{course.subjectName}</Link> ·{" "}
        {course.division}
      </p>
      <h1>
        {course.code}
        {course.title !== course.code && ` · ${course.title}`}
      </h1>
      <p>
        {!course.inCatalog && <span className="pill">Not in the current catalog</span>}
        {course.level && <span className="pill">{course.level}</span>}
        {course.units !== null && <span className="pill">{course.units} units</span>}
        {course.offered.length > 0 && <span className="pill">Offered {course.offered.join(", ")}</span>}
      </p>
      <div className="grid two">
        <section className="panel">
          <p style={{ marginTop: 0 }}>
            {course.description || <span className="muted">No description in the catalog.</span>}
          </p>
          <dl className="small" style={{ margin: 0 }}>
            <dt className="kicker">Prerequisites</dt>
            <dd style={{ margin: "0 0 0.5rem" }}>
              <CourseLinks items={course.prerequisites} />
            </dd>
            <dt className="kicker">Leads to (requires this course)</dt>
            <dd style={{ margin: "0 0 0.5rem" }}>
              <CourseLinks items={course.requiredBy} />
            </dd>
            <dt className="kicker">Cross-listed as</dt>
            <dd style={{ margin: 0 }}>
              <CourseLinks items={course.crossListings} />
            </dd>
          </dl>
          <p className="small" style={{ marginBottom: 0 }}>
            <Link href={`/recommend?target=${encodeURIComponent(course.code)}`}>
              How to prepare for {course.code} →
            </Link>{" "}
            · <Link href={`/plan?want=${encodeURIComponent(course.code)}`}>Plan with this course →</Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="next-heading">
          <h2 id="next-heading" style={{ marginTop: 0 }}>
            Students commonly take next
          </h2>
          {next.length ? (
            <ol style={{ margin: 0, paddingLeft: "1.2rem" }}>
              {next.map((n) => (
                <li key={n.code}>
                  <Link href={`/courses/${encodeURIComponent(n.code)}`}>{n.code}</Link> {n.title}{" "}
                  <span className="muted small">· {formatCount(n.students)} students</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">Too few students to show (fewer than the privacy minimum).</p>
          )}
        </section>
      </div>

      <h2 id="similar">Similar courses</h2>
      <nav className="tabs" aria-label="Filter similar courses">
        <Link href={href(false, level)} aria-current={!otherSubjects ? "true" : undefined}>
          All subjects
        </Link>
        <Link href={href(true, level)} aria-current={otherSubjects ? "true" : undefined}>
          Other subjects only
        </Link>
        {LEVELS.map(([v, label]) => (
          <Link
            key={v}
            href={href(otherSubjects, v ? Number(v) : undefined)}
            aria-current={String(level ?? "") === v ? "true" : undefined}
          >
            {label}
          </Link>
        ))}
      </nav>
      {!similar ? (
        <p className="notice">
          No course2vec model is active yet: run <code>npm run train:course2vec</code>.
        </p>
      ) : similar.similar.length === 0 ? (
        <p className="muted">
          No similar courses match these filters (or this course has too few students to have a vector).
        </p>
      ) : (
        <div className="panel table-wrap">
          <table data-testid="similar-table">
            <thead>
              <tr>
                <th>Course Name</th>
                <th>Course Subject</th>
                <th className="num">Percent Similarity</th>
              </tr>
            </thead>
            <tbody>
              {similar.similar.map((s) => (
                <tr key={s.code}>
                  <td>
                    <Link href={`/courses/${encodeURIComponent(s.code)}`}>
                      {s.title} ({s.code})
                    </Link>
                    {s.reasons.length > 0 && (
                      <ul className="why" aria-label={`Why ${s.code} is similar`}>
                        {s.reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{s.subjectName}</td>
                  <td className="num">
                    {s.percent}
                    <span
                      className="bar"
                      style={{ width: `${Math.max(2, s.percent * 0.6)}px` }}
                      aria-hidden
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Relationships to other subjects</h2>
      {relations.length ? (
        <div className="panel">
          <PercentBarChart
            title={`How close ${course.code} sits to each subject's centre (cosine similarity to the subject's average course vector).`}
            rows={relations.map((r) => ({
              label: r.subject,
              name: r.name,
              value: Math.max(0, Math.round(r.score * 100)),
            }))}
          />
        </div>
      ) : (
        <p className="muted">Available once course2vec is trained and this course has enough students.</p>
      )}

      <ExploreSection
        taken={[course.code, ...course.crossListings.map((x) => x.code)]}
        majors={[course.subject]}
        ignoreUnknownMajors
        limit={5}
        heading="Explore from here"
        intro={`Courses outside ${course.subject} that students of ${course.code} also take, yet unusual for ${course.subject} majors.`}
      />
    </>
  );
}
