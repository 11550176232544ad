import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import type { buildExport as BuildExport, ExportKind } from "@/lib/queries/exports";
import type { Catalog } from "@/lib/queries/catalog";

// Outside a request, next/headers has no cookies: a plain cookie jar stands in for the browser's.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: () =>
    Promise.resolve({
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      set: (name: string, value: string) => (value ? jar.set(name, value) : jar.delete(name)),
      delete: (name: string) => jar.delete(name),
    }),
}));

/**
 * The fixture gives vectors to courses with 20+ students; a threshold of 50 leaves some of them
 * below it, so the suppression has something to remove.
 */
const MIN = 50;
const TOP = 3;
const REC_TOP = 10;
let db: Db;
let inst: number;
let buildExport: typeof BuildExport;
let catalog: Catalog;
let runs: { course2vec: number; rnn: number };
const students = (code: string) => catalog.byCode.get(code)!.students;

beforeAll(async () => {
  // lib/env is read when the modules are imported: point it at the trained fixture first.
  process.env.DATABASE_URL = inject("fixtureUrl");
  process.env.MIN_STUDENTS = String(MIN);
  // lib/env refuses a vector threshold under MIN_STUDENTS (the fixture's models used 20).
  process.env.MIN_VECTOR_STUDENTS = String(MIN);
  process.env.SESSION_SECRET = "a-test-session-secret-of-40-characters!!";
  vi.resetModules();
  db = (await import("@/lib/db/client")).createDb(inject("fixtureUrl"));
  inst = (await (await import("@/lib/institution")).resolveInstitution(db)).id;
  ({ buildExport } = await import("@/lib/queries/exports"));
  catalog = await (await import("@/lib/queries/catalog")).getCatalog(db, inst);
  const active = async (kind: string) =>
    (await db.modelRun.findFirst({ where: { kind, isActive: true } }))!.id;
  runs = { course2vec: await active("course2vec"), rnn: await active("rnn") };
});
afterAll(async () => db.$disconnect());

async function exportOf(kind: ExportKind, top = TOP) {
  const file = await buildExport(db, inst, kind, { top });
  const [header, ...rows] = parse(file.csv);
  expect(file.rows).toBe(rows.length);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r).toHaveLength(header!.length);
  return { file, header, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

/** An export built under another MIN_STUDENTS (lib/env reads it at import). */
async function exportWithMin(min: number, kind: ExportKind, top: number) {
  process.env.MIN_STUDENTS = String(min);
  process.env.MIN_VECTOR_STUDENTS = String(Math.max(min, MIN));
  vi.resetModules();
  try {
    const { buildExport: build } = await import("@/lib/queries/exports");
    return parse<Record<string, string>>((await build(db, inst, kind, { top })).csv, { columns: true });
  } finally {
    process.env.MIN_STUDENTS = String(MIN);
    process.env.MIN_VECTOR_STUDENTS = String(MIN);
  }
}

/** Rows grouped by a key, in file order. */
function groupBy(rows: Record<string, string>[], key: (r: Record<string, string>) => string) {
  const out = new Map<string, Record<string, string>[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}
const ranks = (rs: Record<string, string>[]) => rs.map((r) => Number(r.rank));
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("buildExport", () => {
  it("similar: the stored neighbours of every course, minus courses under MIN_STUDENTS", async () => {
    const { file, header, rows } = await exportOf("similar");
    expect(header).toEqual([
      "course",
      "course_title",
      "course_subject",
      "similar_course",
      "similar_title",
      "similar_subject",
      "rank",
      "similarity_percent",
    ]);
    expect(file.runId).toBe(runs.course2vec);
    expect(file.filename).toBe(`similar-courses-run${runs.course2vec}-top${TOP}-min${MIN}.csv`);
    for (const r of rows) {
      expect(catalog.byCode.get(r.course!)!.title).toBe(r.course_title);
      expect(catalog.byCode.get(r.similar_course!)!.subjectCode).toBe(r.similar_subject);
      expect(r.similar_course).not.toBe(r.course);
      expect(Number.isInteger(Number(r.similarity_percent))).toBe(true);
      expect(Number(r.similarity_percent)).toBeGreaterThanOrEqual(0);
      expect(Number(r.similarity_percent)).toBeLessThanOrEqual(100);
    }
    for (const rs of groupBy(rows, (r) => r.course!).values()) {
      expect(ranks(rs)).toEqual(oneToN(rs.length));
      expect(rs.length).toBeLessThanOrEqual(TOP);
    }
    // The suppression: no course under the threshold on either side, though the run stores some.
    expect(rows.every((r) => students(r.course!) >= MIN && students(r.similar_course!) >= MIN)).toBe(true);
    const stored = await db.similarCourse.findMany({ where: { runId: file.runId, rank: { lte: TOP } } });
    const rare = stored.filter((s) => catalog.byId.get(s.similarId)!.students < MIN);
    expect(rare.length).toBeGreaterThan(0);
    const kept = stored.filter(
      (s) => catalog.byId.get(s.courseId)!.students >= MIN && catalog.byId.get(s.similarId)!.students >= MIN,
    );
    expect(rows).toHaveLength(kept.length);
  });

  it("subjects: each subject's top related subjects with a percent score", async () => {
    const { file, header, rows } = await exportOf("subjects");
    expect(header).toEqual([
      "subject",
      "subject_name",
      "related_subject",
      "related_name",
      "rank",
      "score_percent",
    ]);
    expect(file.runId).toBe(runs.course2vec);
    expect(file.filename).toBe(`subject-relationships-run${runs.course2vec}-top${TOP}-min${MIN}.csv`);
    const bySubject = groupBy(rows, (r) => r.subject!);
    // Subjects with no course of MIN_STUDENTS students are left out, as related subjects too.
    const shown = new Set(catalog.courses.filter((c) => c.students >= MIN).map((c) => c.subjectCode));
    expect(new Set(bySubject.keys())).toEqual(shown);
    expect(rows.every((r) => shown.has(r.related_subject!))).toBe(true);
    for (const [code, rs] of bySubject) {
      expect(ranks(rs)).toEqual(oneToN(TOP));
      const scores = rs.map((r) => Number(r.score_percent));
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const r of rs) {
        expect(r.subject_name).toBe(catalog.subjects.get(code)!.name);
        expect(r.related_name).toBe(catalog.subjects.get(r.related_subject!)!.name);
        expect(r.related_subject).not.toBe(code);
      }
    }
  });

  it("course-subjects: each course's top subjects, courses under MIN_STUDENTS left out", async () => {
    const { file, header, rows } = await exportOf("course-subjects");
    expect(header).toEqual([
      "course",
      "course_title",
      "course_subject",
      "related_subject",
      "rank",
      "score_percent",
    ]);
    expect(file.filename).toBe(`course-subject-relationships-run${runs.course2vec}-top${TOP}-min${MIN}.csv`);
    const byCourse = groupBy(rows, (r) => r.course!);
    for (const [code, rs] of byCourse) {
      expect(ranks(rs)).toEqual(oneToN(TOP));
      const scores = rs.map((r) => Number(r.score_percent));
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(rs.every((r) => catalog.subjects.has(r.related_subject!))).toBe(true);
      expect(students(code)).toBeGreaterThanOrEqual(MIN);
    }
    const scored = await db.courseSubjectScore.findMany({
      where: { runId: file.runId },
      distinct: ["courseId"],
    });
    const courses = scored.map((s) => catalog.byId.get(s.courseId)!);
    expect(courses.some((c) => c.students < MIN)).toBe(true);
    expect([...byCourse.keys()].sort()).toEqual(
      courses
        .filter((c) => c.students >= MIN)
        .map((c) => c.code)
        .sort(),
    );
  });

  it("recommendations: every program's path over 8 terms, courses under MIN_STUDENTS never suggested", async () => {
    const { file, header, rows } = await exportOf("recommendations", REC_TOP);
    expect(header).toEqual([
      "program",
      "term_of_study",
      "rank",
      "course",
      "course_title",
      "course_subject",
      "score",
    ]);
    expect(file.runId).toBe(runs.rnn);
    expect(file.filename).toBe(`recommendations-run${runs.rnn}-top${REC_TOP}-min${MIN}.csv`);
    const programs = await db.program.findMany();
    const byProgram = groupBy(rows, (r) => r.program!);
    expect([...byProgram.keys()].sort()).toEqual(programs.map((p) => p.name).sort());
    for (const rs of byProgram.values()) {
      const byTerm = groupBy(rs, (r) => r.term_of_study!);
      expect([...byTerm.keys()]).toEqual(oneToN(8).map(String));
      const earlier = new Set<string>();
      for (const t of byTerm.values()) {
        expect(ranks(t)).toEqual(oneToN(REC_TOP));
        const scores = t.map((r) => Number(r.score));
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
        // Each term of the path takes its top 4, and no later term suggests them again.
        for (const r of t) expect(earlier.has(r.course!), r.course).toBe(false);
        for (const r of t.slice(0, 4)) earlier.add(r.course!);
      }
    }
    // The model ranks small courses low: raise the threshold past the smallest course it suggests.
    const smallest = rows.reduce((a, r) => (students(r.course!) < students(a.course!) ? r : a));
    expect(students(smallest.course!)).toBeGreaterThanOrEqual(MIN);
    const stricter = await exportWithMin(students(smallest.course!) + 1, "recommendations", REC_TOP);
    expect(stricter.length).toBeGreaterThan(0);
    expect(stricter.map((r) => r.course)).not.toContain(smallest.course);
    expect(stricter.every((r) => students(r.course!) > students(smallest.course!))).toBe(true);
  });
});

describe("POST /api/staff/exports/[kind]", () => {
  type Handler = (req: Request, ctx: { params: Promise<{ kind: string }> }) => Promise<Response>;
  let exportRoute: { POST: Handler };
  const email = `auditor-${process.pid}-${Date.now()}@uni.edu`;

  beforeAll(async () => {
    const { addStaffUser } = await import("@/lib/auth/staff");
    await addStaffUser(db, { email, name: "Auditor", password: "correct horse battery staple" });
    const session = await import("@/app/api/staff/session/route");
    const res = await session.POST(
      new Request("http://localhost/api/staff/session", {
        method: "POST",
        headers: { origin: "http://localhost", "content-type": "application/json" },
        body: JSON.stringify({ email, password: "correct horse battery staple" }),
      }),
    );
    expect(res.status).toBe(200);
    exportRoute = await import("@/app/api/staff/exports/[kind]/route");
  });

  const get = (kind: string) =>
    exportRoute.POST(
      new Request(`http://localhost/api/staff/exports/${kind}`, {
        method: "POST",
        headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
        body: "top=2",
      }),
      { params: Promise.resolve({ kind }) },
    );

  it.each(["similar", "subjects", "course-subjects", "recommendations"] as const)(
    "logs who downloaded %s, from which run, with how many rows",
    async (kind) => {
      const res = await get(kind);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      const lines = parse(await res.text()).length;
      const log = await db.exportLog.findFirst({ where: { actor: email, kind }, orderBy: { id: "desc" } });
      const user = await db.staffUser.findUnique({ where: { email } });
      expect(log).toMatchObject({
        staffUserId: user!.id,
        runId: Number(res.headers.get("x-model-run")),
        rows: lines - 1,
      });
      expect(JSON.parse(log!.params)).toEqual({ top: 2, institution: "UNIV" });
      expect(log!.runId).toBe(kind === "recommendations" ? runs.rnn : runs.course2vec);
    },
  );

  it("refuses a download without a session and logs nothing", async () => {
    const saved = new Map(jar);
    jar.clear();
    const before = await db.exportLog.count();
    const res = await get("similar");
    expect(res.status).toBe(401);
    expect(await db.exportLog.count()).toBe(before);
    for (const [k, v] of saved) jar.set(k, v);
  });
});
