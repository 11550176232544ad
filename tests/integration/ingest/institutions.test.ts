import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { importUniversity } from "@/lib/ingest";
import { listInstitutions, resolveInstitution } from "@/lib/institution";
import { getCourseDetail } from "@/lib/queries/courses";
import { getCatalog } from "@/lib/queries/catalog";
import { listImportReports } from "@/lib/queries/imports";
import { makeTempDb, SALT, writeFile, type TempDb } from "../helpers";

// A university and a college that share subject codes (MATH), course codes (MATH 1) and even
// registrar ids (the same student transferred): each must keep its own rows.
const UNIV_CATALOG = [
  "course,subject,title,subject_name,prerequisites",
  "MATH 1,MATH,Calculus,Mathematics,",
  "MATH 2,MATH,Linear Algebra,Mathematics,MATH 1",
  "PHYS 1,PHYS,Mechanics,Physics,MATH 1",
].join("\n");
const CC_CATALOG = [
  "course,subject,title,subject_name",
  "MATH 1,MATH,College Algebra,Math (College)",
  "MATH 5,MATH,Trigonometry,Math (College)",
  "ENGL 1,ENGL,Composition,English",
].join("\n");
const enrollments = (rows: string[]) => ["student,term,course,major", ...rows].join("\n");
const UNIV_ENROLLMENTS = enrollments([
  "S1,Fall 2020,MATH 1,PHYS",
  "S1,Spring 2021,MATH 2,PHYS",
  "S1,Spring 2021,PHYS 1,PHYS",
  "S2,Fall 2020,MATH 1,MATH",
]);
const CC_ENROLLMENTS = enrollments([
  "S1,Fall 2018,MATH 1,",
  "S1,Spring 2019,MATH 5,",
  "S3,Spring 2019,ENGL 1,",
]);
const CC_REQUIREMENTS = ["program,requirement,course,count", "Transfer core,Math,MATH 5,1"].join("\n");

let t: TempDb;
const files = (name: string, catalog: string, enrolls: string, requirements?: string) => ({
  catalog: writeFile(t.dir, `${name}-courses.csv`, catalog),
  enrollments: writeFile(t.dir, `${name}-enrollments.csv`, enrolls),
  requirements: requirements ? writeFile(t.dir, `${name}-requirements.csv`, requirements) : undefined,
});
const opts = { salt: SALT, minStudents: 1 };

/** Every row that belongs to one institution, with its ids, for "untouched" assertions. */
async function rowsOf(db: Db, institutionId: number): Promise<string> {
  const mine = { course: { institutionId } };
  return JSON.stringify({
    institution: await db.institution.findUnique({ where: { id: institutionId } }),
    subjects: await db.subject.findMany({ where: { institutionId }, orderBy: { code: "asc" } }),
    courses: await db.course.findMany({ where: { institutionId }, orderBy: { id: "asc" } }),
    terms: await db.term.findMany({ where: { institutionId }, orderBy: { id: "asc" } }),
    students: await db.student.findMany({ where: { institutionId }, orderBy: { id: "asc" } }),
    enrollments: await db.enrollment.findMany({
      where: mine,
      orderBy: [{ studentId: "asc" }, { courseId: "asc" }],
    }),
    transitions: await db.courseTransition.findMany({
      where: { courseId: { in: await courseIds(db, institutionId) } },
    }),
    prerequisites: await db.prerequisite.findMany({ where: mine }),
    programs: await db.program.findMany({
      where: { institutionId },
      include: { requirements: { include: { courses: true } } },
    }),
    imports: await db.importRun.findMany({ where: { institutionId }, select: { id: true, dataHash: true } }),
  });
}
const courseIds = async (db: Db, institutionId: number) =>
  (await db.course.findMany({ where: { institutionId }, select: { id: true } })).map((c) => c.id);

beforeAll(async () => {
  t = await makeTempDb();
});
afterAll(async () => t.cleanup());

describe("several institutions in one database", () => {
  it("an import without an institution creates the primary one, UNIV University", async () => {
    expect(await listInstitutions(t.db)).toEqual([]);
    const s = await importUniversity(t.db, files("univ", UNIV_CATALOG, UNIV_ENROLLMENTS), opts);
    expect(s.institution).toBe("UNIV");
    expect(await listInstitutions(t.db)).toMatchObject([{ code: "UNIV", name: "University" }]);
  });

  it("a second institution with the same subject, course codes and registrar ids gets its own rows", async () => {
    const s = await importUniversity(t.db, files("cc", CC_CATALOG, CC_ENROLLMENTS, CC_REQUIREMENTS), {
      ...opts,
      institution: { code: "CC", name: "Bayview Community College" },
    });
    expect(s).toMatchObject({ institution: "CC", courses: 3, students: 2, enrollments: 3, unchanged: false });
    const [univ, cc] = await listInstitutions(t.db);
    expect(cc).toMatchObject({ code: "CC", name: "Bayview Community College" });
    // The primary institution is still the first one created.
    expect((await resolveInstitution(t.db)).code).toBe("UNIV");

    const univCatalog = await getCatalog(t.db, univ!.id);
    const ccCatalog = await getCatalog(t.db, cc!.id);
    expect(univCatalog.byCode.get("MATH 1")!.title).toBe("Calculus");
    expect(ccCatalog.byCode.get("MATH 1")!.title).toBe("College Algebra");
    expect(ccCatalog.subjects.get("MATH")!.name).toBe("Math (College)");
    expect([...ccCatalog.byCode.keys()].sort()).toEqual(["ENGL 1", "MATH 1", "MATH 5"]);
    expect((await getCourseDetail(t.db, cc!.id, "MATH 1")).requiredBy).toEqual([]);
    expect((await getCourseDetail(t.db, univ!.id, "MATH 1")).requiredBy.map((c) => c.code)).toEqual([
      "MATH 2",
      "PHYS 1",
    ]);
    // Student S1 is hashed alike at both (same salt), yet is two students, one per institution.
    expect(await t.db.student.count({ where: { institutionId: univ!.id } })).toBe(2);
    expect(await t.db.student.count({ where: { institutionId: cc!.id } })).toBe(2);
    const err = await getCourseDetail(t.db, univ!.id, "ENGL 1").catch((e: unknown) => e);
    expect(isAppError(err, "not_found")).toBe(true);
  });

  it("re-importing one institution replaces its rows and leaves the other's exactly as they were", async () => {
    const [univ, cc] = await listInstitutions(t.db);
    const ccBefore = await rowsOf(t.db, cc!.id);
    const univBefore = await rowsOf(t.db, univ!.id);
    const changed = UNIV_CATALOG.replace(
      "PHYS 1,PHYS,Mechanics,Physics,MATH 1",
      "MATH 3,MATH,Analysis,Mathematics,",
    );
    const s = await importUniversity(
      t.db,
      files("univ2", changed, UNIV_ENROLLMENTS.replaceAll("PHYS 1", "MATH 3")),
      opts,
    );
    expect(s).toMatchObject({ institution: "UNIV", unchanged: false });
    expect(await rowsOf(t.db, cc!.id)).toBe(ccBefore);
    expect(await rowsOf(t.db, univ!.id)).not.toBe(univBefore);
    const codes = (await t.db.course.findMany({ where: { institutionId: univ!.id } })).map((c) => c.code);
    expect(codes.sort()).toEqual(["MATH 1", "MATH 2", "MATH 3"]);
    // The college's subject MATH and course MATH 1 survived the university dropping PHYS.
    expect(await t.db.subject.count({ where: { code: "MATH" } })).toBe(2);

    // And the other way round, with the same files as before: the data hash is per institution.
    const univNow = await rowsOf(t.db, univ!.id);
    const again = await importUniversity(t.db, files("cc", CC_CATALOG, CC_ENROLLMENTS, CC_REQUIREMENTS), {
      ...opts,
      institution: { code: "CC" },
    });
    expect(again.unchanged).toBe(true);
    const asUniv = await importUniversity(t.db, files("cc", CC_CATALOG, CC_ENROLLMENTS), {
      ...opts,
      institution: { code: "UNIV" },
    });
    expect(asUniv.unchanged).toBe(false);
    expect(await rowsOf(t.db, cc!.id)).toBe(ccBefore);
    expect(univNow).not.toBe(await rowsOf(t.db, univ!.id));
  });

  it("the staff import report lists one institution's imports", async () => {
    const [univ, cc] = await listInstitutions(t.db);
    const ccReports = await listImportReports(t.db, cc!.id);
    expect(ccReports).toHaveLength(1);
    expect(ccReports[0]!.counts).toMatchObject({ courses: 3, students: 2 });
    expect((await listImportReports(t.db, univ!.id)).length).toBe(3);
  });

  it("refuses a malformed institution code before writing anything", async () => {
    const before = await listInstitutions(t.db);
    const err = await importUniversity(t.db, files("cc", CC_CATALOG, CC_ENROLLMENTS), {
      ...opts,
      institution: { code: "cc college" },
    }).catch((e: unknown) => e);
    expect(isAppError(err, "invalid_request")).toBe(true);
    expect(await listInstitutions(t.db)).toEqual(before);
    const unknown = await resolveInstitution(t.db, "NOPE").catch((e: unknown) => e);
    expect(isAppError(unknown, "not_found")).toBe(true);
  });
});
