import { createDb } from "../../lib/db/client";
import { resolveInstitution } from "../../lib/institution";
import { activeRunId } from "../../lib/models/runs";

/**
 * What the web benchmarks ask for, from the primary institution of the database they serve: its
 * most-enrolled courses (50+ students), one major to send with recommend requests, and which
 * models are active.
 */
export async function readBenchData(database: string, take: number) {
  const db = createDb(database);
  try {
    const inst = (await resolveInstitution(db)).id;
    const popular = await db.course.findMany({
      where: { institutionId: inst, students: { gte: 50 } },
      select: { code: true },
      orderBy: { students: "desc" },
      take,
    });
    const student = await db.student.findFirst({ where: { institutionId: inst }, select: { majors: true } });
    return {
      courses: popular.map((c) => c.code),
      major: student?.majors.split(";")[0] ?? "",
      hasCourse2Vec: (await activeRunId(db, "course2vec", inst)) !== null,
      hasRnn: (await activeRunId(db, "rnn", inst)) !== null,
    };
  } finally {
    await db.$disconnect();
  }
}
