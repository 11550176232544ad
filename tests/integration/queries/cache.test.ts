import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { activateRun } from "@/lib/models/runs";
import { VERSION_CHECK_MS } from "@/lib/queries/cache";
import { findSimilarCourses, getCourseDetail } from "@/lib/queries/courses";
import { makeTempDb, type TempDb } from "../helpers";

const opts = { limit: 10, otherSubjects: false, withReasons: false };
let inst = 0;
const similarCodes = async (db: Db) =>
  (await findSimilarCourses(db, inst, "S 1", opts))!.similar.map((s) => s.code);
const pastVersionCheck = () => new Promise((r) => setTimeout(r, VERSION_CHECK_MS + 100));

describe("read cache: keyed by the model version, invalidated on every instance", () => {
  let t: TempDb;
  let instanceA: Db;
  let instanceB: Db;
  let runs: number[];
  beforeAll(async () => {
    t = await makeTempDb();
    const db = t.db; // plays the CLI: it trains, activates, imports
    inst = (await db.institution.create({ data: { code: "UNIV", name: "University" } })).id;
    await db.subject.create({ data: { institutionId: inst, code: "S", name: "Subject" } });
    const ids: number[] = [];
    for (const n of [1, 2, 3, 4])
      ids.push(
        (
          await db.course.create({
            data: {
              institutionId: inst,
              code: `S ${n}`,
              subjectCode: "S",
              number: String(n),
              title: `Course ${n}`,
              students: 50,
            },
          })
        ).id,
      );
    await db.importRun.create({
      data: { institutionId: inst, dataHash: "a", courses: 4, students: 50, enrollments: 200 },
    });
    runs = [];
    // Two finished course2vec runs that disagree about S 1's neighbours.
    for (const [active, neighbours] of [
      [true, [ids[1]!, ids[2]!]],
      [false, [ids[3]!, ids[2]!]],
    ] as const) {
      const run = await db.modelRun.create({
        data: { institutionId: inst, kind: "course2vec", status: "finished", isActive: active },
      });
      runs.push(run.id);
      await db.similarCourse.createMany({
        data: neighbours.map((similarId, k) => ({
          runId: run.id,
          courseId: ids[0]!,
          similarId,
          rank: k + 1,
          similarity: 0.9 - k / 10,
        })),
      });
    }
    instanceA = createDb(t.url);
    instanceB = createDb(t.url);
  });
  afterAll(async () => {
    await instanceA.$disconnect();
    await instanceB.$disconnect();
    await t.cleanup();
  });

  it("serves the similar list from memory until another run is activated, then the new run's on both instances", async () => {
    expect(await similarCodes(instanceA)).toEqual(["S 2", "S 3"]);
    expect(await similarCodes(instanceB)).toEqual(["S 2", "S 3"]);
    // Kept: the same answer object comes back without a query.
    const first = await findSimilarCourses(instanceA, inst, "S 1", opts);
    expect(await findSimilarCourses(instanceA, inst, "S 1", opts)).toBe(first);

    await activateRun(t.db, runs[1]!);
    await pastVersionCheck();
    expect(await similarCodes(instanceA)).toEqual(["S 4", "S 3"]);
    expect(await similarCodes(instanceB)).toEqual(["S 4", "S 3"]);

    await activateRun(t.db, runs[0]!);
    await pastVersionCheck();
    expect(await similarCodes(instanceB)).toEqual(["S 2", "S 3"]);
  });

  it("an import that lands changes course pages on the next check", async () => {
    expect((await getCourseDetail(instanceA, inst, "S 2")).title).toBe("Course 2");
    await t.db.course.update({
      where: { institutionId_code: { institutionId: inst, code: "S 2" } },
      data: { title: "Renamed" },
    });
    await t.db.importRun.create({
      data: { institutionId: inst, dataHash: "b", courses: 4, students: 50, enrollments: 200 },
    });
    await pastVersionCheck();
    expect((await getCourseDetail(instanceA, inst, "S 2")).title).toBe("Renamed");
    expect((await getCourseDetail(instanceB, inst, "S 2")).title).toBe("Renamed");
  });
});
