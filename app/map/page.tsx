import { getDb } from "@/lib/db/client";
import { findMapPoints, listSubjects } from "@/lib/queries/subjects";
import { CourseMap } from "../_components/course-map";

export const dynamic = "force-dynamic";
export const metadata = { title: "Course map" };

export default async function MapPage() {
  const db = getDb();
  const [points, subjects] = await Promise.all([findMapPoints(db), listSubjects(db)]);
  return (
    <>
      <h1>Course map</h1>
      <p className="muted">
        Each dot is a course, placed so that courses students take in similar contexts sit close together
        (UMAP of the course2vec vectors). Hover for details; click to open a course.
      </p>
      {points.length ? (
        <div className="panel">
          <CourseMap points={points} subjects={subjects.map((s) => ({ code: s.code, name: s.name }))} />
        </div>
      ) : (
        <p className="notice">The map appears once course2vec is trained.</p>
      )}
    </>
  );
}
