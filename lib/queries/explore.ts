import type { Db } from "../db/client";
import { env } from "../env";
import { cosineRows, rankExplore, weightedProfile } from "../ml/explore";
import { getCatalog, findCourse } from "./catalog";
import { loadSpace } from "./vector-space";
import { AppError } from "../errors";

export type ExploreItem = {
  code: string;
  title: string;
  subject: string;
  relevance: number;
  unexpectedness: number;
  reasons: string[];
};

/**
 * Courses to explore for someone who took `takenCodes` in `majors`: outside their own subjects,
 * similar to a course they took, unusual for their major, each with its reasons. Without a major
 * the profile is the taken courses themselves. Without an active course2vec run: model_unavailable.
 */
export async function exploreCourses(
  db: Db,
  inst: number,
  takenCodes: string[],
  majors: string[],
  limit = 10,
  opts: { ignoreUnknownMajors?: boolean } = {},
): Promise<ExploreItem[]> {
  const [catalog, space] = await Promise.all([getCatalog(db, inst), loadSpace(db, inst)]);
  if (!space) throw new AppError("model_unavailable", "No course2vec model has been trained yet");
  const unknown = takenCodes.filter((c) => !findCourse(catalog, c));
  if (unknown.length)
    throw new AppError(
      "not_found",
      `Unknown course code: ${unknown
        .slice(0, 10)
        .map((c) => c.slice(0, 64))
        .join(", ")}`,
    );
  const taken = takenCodes.map((c) => findCourse(catalog, c)!);
  const strange = majors.filter((m) => !space.byMajor.has(m.toUpperCase()));
  if (strange.length && !opts.ignoreUnknownMajors)
    throw new AppError("invalid_request", `Unknown major "${strange[0]!.slice(0, 60)}"`);
  const takenIdx = taken.flatMap((c) => (space.indexOf.has(c.id) ? [space.indexOf.get(c.id)!] : []));
  const majorCodes = majors.map((m) => m.toUpperCase()).filter((m) => space.byMajor.has(m));
  const own = new Set([...taken.map((c) => c.subjectCode), ...majorCodes]);
  const weights = new Float64Array(space.vocab.length);
  if (majorCodes.length)
    for (const m of majorCodes) space.byMajor.get(m)!.forEach((w, i) => (weights[i]! += w));
  else for (const t of takenIdx) weights[t] = 1;
  const profile = weightedProfile(space.unit, space.dim, weights);
  const takenIds = new Set(taken.map((c) => c.id));
  const ranked = rankExplore({
    unit: space.unit,
    dim: space.dim,
    taken: takenIdx,
    profile,
    limit: limit * 6,
    allowed: (i) => {
      const c = catalog.byId.get(space.vocab[i]!);
      return (
        !!c &&
        c.students >= env.MIN_STUDENTS &&
        !takenIds.has(c.id) &&
        !own.has(c.subjectCode) &&
        c.levelRank !== 3
      );
    },
  });
  // At most two from one subject, so the list opens several doors rather than one.
  const perSubject = new Map<string, number>();
  const picked = ranked
    .filter((r) => {
      const s = catalog.byId.get(space.vocab[r.index]!)!.subjectCode;
      perSubject.set(s, (perSubject.get(s) ?? 0) + 1);
      return perSubject.get(s)! <= 2;
    })
    .slice(0, limit);
  const whose = majorCodes.length ? `${majorCodes.join(" / ")} majors` : "students with your courses";
  return picked.map((r) => {
    const c = catalog.byId.get(space.vocab[r.index]!)!;
    const near = catalog.byId.get(space.vocab[r.closest]!)!;
    return {
      code: c.code,
      title: c.title,
      subject: c.subjectCode,
      relevance: Number(r.relevance.toFixed(3)),
      unexpectedness: Number(r.unexpectedness.toFixed(3)),
      reasons: [
        `Outside your subjects (${c.subjectName}), but taken by the same kind of students as ${near.code} ${near.title} (similarity ${r.relevance.toFixed(2)})`,
        `Unusual for ${whose}: cosine distance ${r.unexpectedness.toFixed(2)} from what they usually take`,
      ],
    };
  });
}

/**
 * Unexpectedness of a list for someone in `majors` (mean cosine distance of its courses from the
 * major's profile) and the share of it outside `ownSubjects`: for comparing explore with the plain
 * recommender (`npm run evaluate:explore`).
 */
export async function measureList(
  db: Db,
  inst: number,
  codes: string[],
  majors: string[],
  ownSubjects: Set<string>,
): Promise<{ unexpectedness: number; outside: number } | null> {
  const [catalog, space] = await Promise.all([getCatalog(db, inst), loadSpace(db, inst)]);
  const known = majors.map((m) => m.toUpperCase()).filter((m) => space?.byMajor.has(m));
  if (!space || !known.length || !codes.length) return null;
  const weights = new Float64Array(space.vocab.length);
  for (const m of known) space.byMajor.get(m)!.forEach((w, i) => (weights[i]! += w));
  const profile = weightedProfile(space.unit, space.dim, weights);
  const courses = codes.map((c) => findCourse(catalog, c)).filter((c) => c && space.indexOf.has(c.id));
  if (!courses.length) return null;
  const distances = courses.map(
    (c) => 1 - cosineRows(space.unit, space.dim, space.indexOf.get(c!.id)!, profile),
  );
  return {
    unexpectedness: distances.reduce((a, b) => a + b, 0) / distances.length,
    outside: courses.filter((c) => !ownSubjects.has(c!.subjectCode)).length / courses.length,
  };
}
