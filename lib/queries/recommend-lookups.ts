import type { Db } from "../db/client";
import { env } from "../env";
import { activeRunId } from "../models/runs";
import { cacheByModel } from "./cache";
import { loadActiveRnnVocabulary } from "./recommend-model";

/**
 * What a recommendation reads besides the model, each kept per model version (lib/queries/cache.ts:
 * a new import or activation is a new version), so the common request runs no query at all.
 */

/** The institution's active RNN run's vocabulary (null: none). */
export const findRnnVocabulary = cacheByModel("rnn-vocabulary", loadActiveRnnVocabulary);

/** The institution's cross-listings as stored: course id → partner ids. */
export const findCrossPartners = cacheByModel(
  "cross-partners",
  async (db: Db, inst: number): Promise<Map<number, number[]>> => {
    const rows = await db.crossListing.findMany({
      where: { course: { institutionId: inst } },
      select: { courseId: true, partnerId: true },
    });
    const out = new Map<number, number[]>();
    for (const r of rows) {
      const list = out.get(r.courseId);
      if (list) list.push(r.partnerId);
      else out.set(r.courseId, [r.partnerId]);
    }
    return out;
  },
);

/** The next-term transitions from one course that at least MIN_STUDENTS students made: next id → students. */
export const findTransitionsFrom = cacheByModel(
  "transitions-from",
  async (db: Db, _inst: number, courseId: number): Promise<Map<number, number>> => {
    const rows = await db.courseTransition.findMany({
      where: { courseId, students: { gte: env.MIN_STUDENTS } },
      select: { nextId: true, students: true },
    });
    return new Map(rows.map((r) => [r.nextId, r.students]));
  },
);

/** Course → affinity to a subject in the active course2vec run (course id → score; empty without a run). */
export const findSubjectScores = cacheByModel(
  "subject-scores",
  async (db: Db, inst: number, subjectCode: string): Promise<Map<number, number>> => {
    const runId = await activeRunId(db, "course2vec", inst);
    if (runId === null) return new Map();
    const rows = await db.courseSubjectScore.findMany({
      where: { runId, subjectCode },
      select: { courseId: true, score: true },
    });
    return new Map(rows.map((r) => [r.courseId, r.score]));
  },
);
