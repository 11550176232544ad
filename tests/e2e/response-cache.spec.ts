import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { FIXTURE_STAFF } from "../fixtures/build-fixture";
import { createDb } from "@/lib/db/client";
import { activateRun } from "@/lib/models/runs";
import { snap, watchConsole } from "./helpers";

const COURSE = "/courses/COMPSCI%201";
const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

test("a page from the response cache has its own nonce, and its scripts run under it", async ({ page }) => {
  const problems = watchConsole(page);
  // A process serves everything through Next until the site has read the model version once.
  await page.request.get(COURSE);
  const first = await page.goto(COURSE);
  const again = await page.goto(COURSE);
  expect(again?.headers()["x-cache"]).toBe("hit");
  const n1 = nonceOf(first?.headers()["content-security-policy"]);
  const n2 = nonceOf(again?.headers()["content-security-policy"]);
  expect(n2).toBeTruthy();
  expect(n2).not.toBe(n1);
  // The browser hides the attribute; the property keeps it. Every script carries this response's nonce.
  const nonces = await page
    .locator("script[nonce]")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(nonces.length).toBeGreaterThan(2);
  expect(new Set(nonces)).toEqual(new Set([n2]));
  expect(await (await page.request.get(COURSE)).text()).not.toContain(n2!);
  // Hydrated: the type-ahead answers.
  await page.locator("#header-search").fill("cs1");
  await expect(
    page.getByRole("listbox", { name: "Course suggestions" }).getByRole("option").first(),
  ).toContainText("COMPSCI 1");
  await snap(page, "course-from-cache");
  expect(problems).toEqual([]);
});

test("errors, staff sessions and POSTs are never answered from the cache", async ({ request }) => {
  for (let i = 0; i < 2; i++) {
    const missing = await request.get("/courses/NOPE%20999");
    expect([missing.status(), missing.headers()["x-cache"]]).toEqual([404, "miss"]);
    const bad = await request.get("/api/courses/NOPE%20999/similar");
    expect([bad.status(), bad.headers()["x-cache"]]).toEqual([404, "miss"]);
  }
  const signIn = await request.post("/api/staff/session", {
    data: { email: FIXTURE_STAFF.email, password: FIXTURE_STAFF.password },
  });
  expect(signIn.status()).toBe(200);
  const session = signIn
    .headersArray()
    .find((h) => h.name.toLowerCase() === "set-cookie")!
    .value.split(";")[0]!;
  expect(session).toMatch(/atlas_staff=/);
  for (let i = 0; i < 2; i++) {
    const staff = await request.get(COURSE, { headers: { cookie: session } });
    expect(staff.status()).toBe(200);
    expect(staff.headers()["x-cache"]).toBeUndefined();
  }
  await request.delete("/api/staff/session", { headers: { cookie: session } });
  const post = await request.post("/api/explore", { data: { taken: ["COMPSCI 1"] } });
  expect(post.headers()["x-cache"]).toBeUndefined();
});

test("static files are served without the proxy (so they answer while the database is down)", async ({
  request,
}) => {
  for (const p of ["/robots.txt", "/favicon.ico"]) {
    const res = await request.get(p);
    expect(res.status(), p).toBe(200);
    expect(res.headers()["content-security-policy"], p).toBeUndefined();
  }
});

/** Starts the launcher on its own port over `url`; stopped with the returned function. */
async function startLauncher(port: number, url: string): Promise<() => void> {
  const child = spawn("node_modules/.bin/tsx", ["scripts/serve.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      WEB_CONCURRENCY: "1",
      NODE_ENV: "production",
      DATABASE_URL: url,
    },
    stdio: "ignore",
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // gone
    }
  };
  for (let i = 0; i < 240; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return stop;
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`the launcher on port ${port} did not start`);
}

test("activating another run, or an import, reaches both instances' caches on the next poll", async ({
  playwright,
}) => {
  test.setTimeout(180_000);
  const source = process.env.E2E_DATABASE_URL ?? "file:./test-results/e2e-fixture/fixture.db";
  test.skip(!source.startsWith("file:"), "copies the SQLite fixture");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-cache-"));
  const file = path.join(dir, "copy.db");
  const src = new Database(source.slice("file:".length), { readonly: true });
  src.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  src.close();
  const url = `file:${file}`;
  const base = Number(process.env.E2E_PORT ?? 3100);
  const stops = await Promise.all([startLauncher(base + 1, url), startLauncher(base + 2, url)]);
  const db = createDb(url);
  const clients: APIRequestContext[] = [];
  try {
    for (const port of [base + 1, base + 2])
      clients.push(await playwright.request.newContext({ baseURL: `http://127.0.0.1:${port}` }));
    const similar = async (c: APIRequestContext) => {
      const res = await c.get("/api/courses/COMPSCI%201/similar?limit=5");
      expect(res.status()).toBe(200);
      const body = (await res.json()) as { similar: { code: string }[] };
      return { cache: res.headers()["x-cache"], codes: body.similar.map((s) => s.code) };
    };
    const titleOf = async (c: APIRequestContext) => {
      const res = await c.get(COURSE);
      return { cache: res.headers()["x-cache"], h1: /<h1>(.*?)<\/h1>/s.exec(await res.text())?.[1] ?? "" };
    };
    const before = [];
    for (const c of clients) {
      await c.get("/api/courses?q=cs"); // the first request makes the site read the model version
      await similar(c);
      before.push(await similar(c));
      await titleOf(c);
      expect((await titleOf(c)).cache).toBe("hit");
    }
    expect(before.map((b) => b.cache)).toEqual(["hit", "hit"]);

    // Another course2vec run, that ranks COMPSCI 1's neighbours the other way round, activated.
    const active = (await db.modelRun.findFirst({
      where: { kind: "course2vec", isActive: true, institution: { code: "UNIV" } },
    }))!;
    const { id: _id, createdAt: _c, ...fields } = active;
    const run = await db.modelRun.create({ data: { ...fields, isActive: false } });
    const course = (
      await db.course.findFirstOrThrow({ where: { code: "COMPSCI 1", institutionId: active.institutionId } })
    ).id;
    const rows = await db.similarCourse.findMany({ where: { runId: active.id, courseId: course } });
    await db.similarCourse.createMany({
      data: rows.map((r) => ({ ...r, runId: run.id, rank: rows.length + 1 - r.rank })),
    });
    await activateRun(db, run.id);
    await new Promise((r) => setTimeout(r, 1300)); // past the once-a-second version poll
    for (const c of clients) {
      const after = await similar(c);
      expect(after.cache).toBe("miss");
      expect(after.codes[0]).not.toBe(before[0]!.codes[0]);
    }

    // An import lands (here: a renamed course and a new import run).
    await db.course.update({ where: { id: course }, data: { title: "Renamed by an import" } });
    const last = (await db.importRun.findFirst({
      where: { institutionId: active.institutionId },
      orderBy: { id: "desc" },
    }))!;
    const { id: _i, createdAt: _t, ...imported } = last;
    await db.importRun.create({ data: { ...imported, dataHash: `${last.dataHash}-next` } });
    await new Promise((r) => setTimeout(r, 1300));
    for (const c of clients) expect((await titleOf(c)).h1).toContain("Renamed by an import");
  } finally {
    for (const c of clients) await c.dispose();
    await db.$disconnect();
    for (const stop of stops) stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
