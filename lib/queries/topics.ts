import type { Db } from "../db/client";
import { env } from "../env";
import { cosineRows } from "../ml/explore";
import { buildWordVectors, topicOf, type WordVectors } from "../ml/topics";
import { getCatalog } from "./catalog";
import { loadSpace } from "./vector-space";

export type TopicResult = {
  matched: string[];
  courses: { code: string; title: string; subjectName: string; score: number }[];
};

const cached = new Map<number, { key: string; words: WordVectors }>();

/**
 * Courses related to the query's topic in course2vec space (word centroids, `lib/ml/topics.ts`),
 * leaving out `exclude` (the text matches already shown). Null when no query word has a vector.
 */
export async function findTopicCourses(
  db: Db,
  inst: number,
  q: string,
  exclude: Set<string>,
  limit = 8,
): Promise<TopicResult | null> {
  const [catalog, space] = await Promise.all([getCatalog(db, inst), loadSpace(db, inst)]);
  if (!space) return null;
  const key = `${space.runId}:${catalog.version}`;
  let entry = cached.get(inst);
  if (entry?.key !== key) {
    const words = space.vocab.map((id) => {
      const c = catalog.byId.get(id);
      return c ? [...c.descWords, ...c.title.toLowerCase().split(/[^\p{L}\d]+/u)] : [];
    });
    entry = { key, words: buildWordVectors(words, space.unit, space.dim) };
    cached.set(inst, entry);
  }
  const topic = topicOf(q, entry.words);
  if (!topic) return null;
  const scored = space.vocab
    .map((id, i) => ({ c: catalog.byId.get(id), score: cosineRows(space.unit, space.dim, i, topic.vector) }))
    .filter((x) => x.c && x.c.students >= env.MIN_STUDENTS && !exclude.has(x.c.code) && x.score >= 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  return {
    matched: topic.matched,
    courses: scored.map((x) => ({
      code: x.c!.code,
      title: x.c!.title,
      subjectName: x.c!.subjectName,
      score: Number(x.score.toFixed(3)),
    })),
  };
}
