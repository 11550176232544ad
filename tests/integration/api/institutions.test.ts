import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Db } from "@/lib/db/client";
import { usePostgres } from "../../fixtures/postgres";

// The API and the pages on a database holding two institutions: the trained fixture university
// (UNIV) and a small college (TC; the fixture's own partner college is CC) whose subject and course codes overlap the university's.

const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: () =>
    Promise.resolve({
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      set: (name: string, value: string) => jar.set(name, value),
    }),
}));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let dir: string;
let db: Db;
let routes: Record<string, { GET?: Handler; POST?: Handler }>;
const get = async (route: string, url: string, params: Record<string, string> = {}) => {
  const res = await routes[route]!.GET!(new Request(`http://localhost${url}`), {
    params: Promise.resolve(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  if (usePostgres) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-inst-api-"));
  fs.copyFileSync(inject("fixtureUrl").replace(/^file:/, ""), path.join(dir, "db.sqlite"));
  process.env.DATABASE_URL = `file:${path.join(dir, "db.sqlite")}`;
  vi.resetModules();
  db = (await import("@/lib/db/client")).createDb(process.env.DATABASE_URL);
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const students = Array.from({ length: 12 }, (_, i) => `C${i}`);
  await (
    await import("@/lib/ingest")
  ).importUniversity(
    db,
    {
      catalog: write(
        "cc-courses.csv",
        [
          "course,subject,title,subject_name",
          "COMPSCI 1,COMPSCI,College Programming,Computing (College)",
          "COLLEGE 9,COLLEGE,Only At The College,College Studies",
        ].join("\n"),
      ),
      enrollments: write(
        "cc-enrollments.csv",
        [
          "student,term,course",
          ...students.flatMap((s) => [`${s},Fall 2021,COMPSCI 1`, `${s},Spring 2022,COLLEGE 9`]),
        ].join("\n"),
      ),
    },
    {
      salt: "institutions-test-salt-0123",
      minStudents: 5,
      institution: { code: "TC", name: "Bayview College" },
    },
  );
  routes = {
    courses: await import("@/app/api/courses/route"),
    course: (await import("@/app/api/courses/[code]/route")) as never,
    similar: (await import("@/app/api/courses/[code]/similar/route")) as never,
    map: await import("@/app/api/map/route"),
    related: (await import("@/app/api/subjects/[code]/related/route")) as never,
    institutions: await import("@/app/api/institutions/route"),
  };
});

afterAll(async () => {
  if (usePostgres) return;
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Route handlers over a copy of the SQLite fixture; the queries are the same on PostgreSQL.
describe.skipIf(usePostgres)("answers for one institution", () => {
  it("search, course and map answers for the college never show the university's courses", async () => {
    const cc = await get("courses", "/api/courses?q=compsci&limit=50&institution=TC");
    expect(cc.status).toBe(200);
    expect(cc.body.courses).toEqual([
      { code: "COMPSCI 1", title: "College Programming", subject: "COMPSCI", units: null },
    ]);
    const univ = await get("courses", "/api/courses?q=compsci&limit=50");
    const univCodes = (univ.body.courses as { code: string }[]).map((c) => c.code);
    expect(univCodes.length).toBeGreaterThan(1);
    expect(univCodes).not.toContain("COLLEGE 9");

    const same = { code: "COMPSCI 1" };
    expect((await get("course", "/api/courses/COMPSCI%201?institution=TC", same)).body.course).toMatchObject({
      title: "College Programming",
      subjectName: "Computing (College)",
    });
    expect((await get("course", "/api/courses/COMPSCI%201", same)).body.course).not.toMatchObject({
      title: "College Programming",
    });
    const only = { code: "COLLEGE 9" };
    expect((await get("course", "/api/courses/COLLEGE%209?institution=TC", only)).status).toBe(200);
    expect((await get("course", "/api/courses/COLLEGE%209?institution=UNIV", only)).status).toBe(404);

    // The college has no trained model: its similar courses are unavailable, the university's are not,
    // and its map is empty rather than the university's.
    expect((await get("similar", "/api/courses/COMPSCI%201/similar?institution=TC", same)).status).toBe(503);
    expect((await get("similar", "/api/courses/COMPSCI%201/similar", same)).status).toBe(200);
    expect((await get("map", "/api/map?institution=TC")).body.points).toEqual([]);
    expect(((await get("map", "/api/map?institution=UNIV")).body.points as unknown[]).length).toBeGreaterThan(
      10,
    );
    expect((await get("related", "/api/subjects/COLLEGE/related", { code: "COLLEGE" })).status).toBe(404);
  });

  it("lists every institution, primary first, with its catalog size and the models it can answer from", async () => {
    const { status, body } = await get("institutions", "/api/institutions");
    expect(status).toBe(200);
    const list = body.institutions as { code: string; primary: boolean; courses: number; models: string[] }[];
    expect(list.map((i) => i.code)).toEqual(["UNIV", "PCC", "TC"]);
    expect(list.map((i) => i.primary)).toEqual([true, false, false]);
    expect(list[2]).toEqual({ code: "TC", name: "Bayview College", primary: false, courses: 2, models: [] });
    expect(list[0]!.models).toEqual(expect.arrayContaining(["course2vec", "rnn"]));
    expect(list[0]!.courses).toBe(
      await db.course.count({
        where: { institutionId: (await db.institution.findUniqueOrThrow({ where: { code: "UNIV" } })).id },
      }),
    );
  });

  it("the pages' institution is the cookie's, falling back to the primary one", async () => {
    const { currentInstitution } = await import("@/lib/institution-request");
    jar.clear();
    expect((await currentInstitution()).code).toBe("UNIV");
    jar.set("atlas_inst", "TC");
    expect(await currentInstitution()).toMatchObject({ code: "TC", name: "Bayview College" });
    jar.set("atlas_inst", "GONE");
    expect((await currentInstitution()).code).toBe("UNIV");
    jar.set("atlas_inst", "<script>");
    expect((await currentInstitution()).code).toBe("UNIV");
  });

  it("the switcher sets the cookie and returns to the same page, or home where it does not exist", async () => {
    const { switchInstitution } = await import("@/app/_components/institution-actions");
    const switchTo = async (institution: string, back: string) => {
      const form = new FormData();
      form.set("institution", institution);
      form.set("back", back);
      // Next's redirect() throws; the target is in the error's digest.
      const err = (await switchInstitution(form).catch((e: unknown) => e)) as { digest?: string };
      return err.digest?.split(";")[2];
    };
    jar.clear();
    expect(await switchTo("TC", "/courses/COMPSCI%201?other=1")).toBe("/courses/COMPSCI%201?other=1");
    expect(jar.get("atlas_inst")).toBe("TC");
    expect(await switchTo("UNIV", "/courses/COLLEGE%209")).toBe("/");
    expect(jar.get("atlas_inst")).toBe("UNIV");
    expect(await switchTo("TC", "/subjects/JAPAN")).toBe("/");
    expect(await switchTo("TC", "/map")).toBe("/map");
    // Nowhere but this site, and an unknown institution changes nothing.
    expect(await switchTo("UNIV", "https://evil.example/")).toBe("/");
    expect(await switchTo("UNIV", "//evil.example/x")).toBe("/");
    jar.set("atlas_inst", "TC");
    expect(await switchTo("NOPE", "/search?q=x")).toBe("/search?q=x");
    expect(jar.get("atlas_inst")).toBe("TC");
  });
});
