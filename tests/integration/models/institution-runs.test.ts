import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { importUniversity } from "@/lib/ingest";
import { listInstitutions, type Institution } from "@/lib/institution";
import { selectBackend } from "@/lib/ml/backend";
import { DEFAULT_COURSE2VEC } from "@/lib/ml/course2vec/params";
import { hashHistories } from "@/lib/ml/vocab";
import { runCourse2Vec } from "@/lib/models/course2vec-pipeline";
import { loadHistories } from "@/lib/models/read-corpus";
import { activateRun, activeRunId, findRun, finishAndActivate, startRun } from "@/lib/models/runs";
import { makeTempDb, SALT, writeFile, type TempDb } from "../helpers";

const quiet = { phase: () => {}, step: () => {} };
const job = { ...DEFAULT_COURSE2VEC, dim: 8, steps: 10, factors: [], minStudents: 10, topK: 5, guard: 1 };

let t: TempDb;
let univ: Institution;
let cc: Institution;
let backend: string;

beforeAll(async () => {
  t = await makeTempDb();
  const sim = inject("fixtureSim");
  // Two institutions with the same catalog codes: the college has the first part of the history only.
  const lines = fs.readFileSync(`${sim}/enrollments.csv`, "utf8").trimEnd().split("\n");
  const part = writeFile(
    t.dir,
    "cc-enrollments.csv",
    lines.slice(0, Math.floor(lines.length / 3)).join("\n"),
  );
  const catalog = `${sim}/courses.csv`;
  await importUniversity(
    t.db,
    { catalog, enrollments: `${sim}/enrollments.csv` },
    { salt: SALT, minStudents: 10 },
  );
  await importUniversity(
    t.db,
    { catalog, enrollments: part },
    { salt: SALT, minStudents: 10, institution: { code: "CC", name: "College" } },
  );
  [univ, cc] = (await listInstitutions(t.db)) as [Institution, Institution];
  backend = await selectBackend("wasm", () => {});
});
afterAll(async () => t.cleanup());

describe("model runs belong to one institution", () => {
  it("training reads only its institution's enrollments, and each institution keeps its active run", async () => {
    const a = await runCourse2Vec(t.db, job, { backend, progress: quiet });
    const b = await runCourse2Vec(t.db, job, { backend, progress: quiet, institutionId: cc.id });
    expect(a.activated && b.activated).toBe(true);
    expect(await activeRunId(t.db, "course2vec", univ.id)).toBe(a.runId);
    expect(await activeRunId(t.db, "course2vec", cc.id)).toBe(b.runId);

    const runA = (await findRun(t.db, "course2vec", undefined, univ.id))!;
    const runB = (await findRun(t.db, "course2vec", undefined, cc.id))!;
    expect(runA.dataHash).toBe(hashHistories(await loadHistories(t.db, univ.id)));
    expect(runB.dataHash).toBe(hashHistories(await loadHistories(t.db, cc.id)));
    expect(runB.dataHash).not.toBe(runA.dataHash);
    // A run is found by its own institution only.
    expect(await findRun(t.db, "course2vec", a.runId, cc.id)).toBeNull();

    // The college's vectors and neighbours name only the college's courses.
    const ccCourses = new Set(
      (await t.db.course.findMany({ where: { institutionId: cc.id }, select: { id: true } })).map(
        (c) => c.id,
      ),
    );
    const vectors = await t.db.courseVector.findMany({
      where: { runId: b.runId },
      select: { courseId: true },
    });
    const similar = await t.db.similarCourse.findMany({ where: { runId: b.runId } });
    expect(vectors.length).toBeGreaterThan(3);
    expect(vectors.every((v) => ccCourses.has(v.courseId))).toBe(true);
    expect(similar.every((s) => ccCourses.has(s.courseId) && ccCourses.has(s.similarId))).toBe(true);
  });

  it("the guard compares with the same institution's active run, and activation swaps only that one", async () => {
    const univActive = (await activeRunId(t.db, "course2vec", univ.id))!;
    const ccActive = (await activeRunId(t.db, "course2vec", cc.id))!;
    const stored = (await findRun(t.db, "course2vec", univActive, univ.id))!;
    if (stored.kind !== "course2vec" || !stored.params || !stored.results)
      throw new Error("no stored results");
    const next = await startRun(t.db, "course2vec", stored.params, "hash", backend, cc.id);
    let compared: number | undefined;
    const refused = await finishAndActivate(
      t.db,
      next,
      "course2vec",
      { ...stored.results, durationMs: 1 },
      (active) => {
        compared = active?.id;
        return "refused for the test";
      },
    );
    expect(refused).toEqual({ activated: false, reason: "refused for the test" });
    expect(compared).toBe(ccActive);

    const accepted = await runCourse2Vec(t.db, job, { backend, progress: quiet, institutionId: cc.id });
    expect(accepted.activated).toBe(true);
    expect(await activeRunId(t.db, "course2vec", univ.id)).toBe(univActive);
    await activateRun(t.db, next);
    expect(await activeRunId(t.db, "course2vec", cc.id)).toBe(next);
    const actives = await t.db.modelRun.findMany({ where: { kind: "course2vec", isActive: true } });
    expect(actives.map((r) => `${r.institutionId}:${r.id}`).sort()).toEqual(
      [`${univ.id}:${univActive}`, `${cc.id}:${next}`].sort(),
    );
  });
});
