import { currentInstitution } from "@/lib/institution-request";
import { getDb } from "@/lib/db/client";
import { exploreCourses } from "@/lib/queries/explore";
import { isAppError } from "@/lib/errors";
import { ExploreList } from "./explore-list";

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
  const inst = (await currentInstitution()).id;
  let items: Awaited<ReturnType<typeof exploreCourses>> = [];
  let error = "";
  try {
    items = await exploreCourses(getDb(), inst, taken, majors, limit, { ignoreUnknownMajors });
  } catch (err) {
    if (isAppError(err, "model_unavailable")) return null;
    if (isAppError(err, "not_found") || isAppError(err, "invalid_request")) error = err.message;
    else throw err;
  }
  if (!items.length && !error) return null;
  return error ? (
    <p className="error-box">{error}</p>
  ) : (
    <ExploreList heading={heading} intro={intro} items={items} />
  );
}
