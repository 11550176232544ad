import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/queries/courses";
import { exploreCourses } from "@/lib/queries/explore";
import { ExploreList } from "./explore-list";
import { RecommendError } from "@/lib/queries/recommend";

/**
 * "Explore" (AskOski's serendipity mode): courses outside the student's own subjects that students
 * like them take, yet unusual for their major, each with its reasons. Renders nothing without
 * taken courses or a trained course2vec run.
 */
export async function ExploreSection({
  taken,
  majors,
  heading,
  intro,
  limit = 8,
  ignoreUnknownMajors = false,
}: {
  taken: string[];
  majors: string[];
  heading: string;
  intro: string;
  limit?: number;
  ignoreUnknownMajors?: boolean;
}) {
  if (!taken.length) return null;
  let items: Awaited<ReturnType<typeof exploreCourses>> = [];
  let error = "";
  try {
    items = await exploreCourses(getDb(), taken, majors, limit, { ignoreUnknownMajors });
  } catch (err) {
    if (err instanceof RecommendError || err instanceof NotFoundError) error = err.message;
    else throw err;
  }
  if (!items.length && !error) return null;
  return error ? (
    <p className="error-box">{error}</p>
  ) : (
    <ExploreList heading={heading} intro={intro} items={items} />
  );
}
