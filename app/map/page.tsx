import { currentInstitution } from "@/lib/institution-request";
import { getDb } from "@/lib/db/client";
import { findMapPoints, listSubjects } from "@/lib/queries/subjects";
import { CourseMap } from "../_components/course-map";

export const dynamic = "force-dynamic";
export const metadata = { title: "Course map" };

export default async function MapPage() {
  const db = getDb();
  const inst = (await currentInstitution()).id;
  const [points, subjects] = await Promise.all([findMapPoints(db, inst), listSubjects(db, inst)]);
  return (
    <>
      <h1>Course map</h1>
      <p className="muted">
        Each dot is a course, placed so that courses students take in similar contexts sit close together, and
        subjects that students mix sit near each other (UMAP of the course2vec vectors, started from a map of
        the subjects). Scroll or use the buttons to zoom, drag to pan, find a course to see its nearest
        courses, click a dot to open it. Points are also at{" "}
        {/* A JSON answer, not a page (the rule counts the /api catch-all as one). */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/api/map">/api/map</a>.
      </p>
      {points.length ? (
        <div className="panel">
          <CourseMap divisions={Object.fromEntries(subjects.map((s) => [s.code, s.division]))} />
        </div>
      ) : (
        <p className="notice">The map appears once course2vec is trained.</p>
      )}
    </>
  );
}
