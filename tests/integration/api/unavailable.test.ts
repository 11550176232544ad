import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NextRequest } from "next/server";
import { createPostgresDatabase, dropPostgresDatabase, usePostgres } from "../../fixtures/postgres";

// The proxy reads DATABASE_URL at import: point it at a database the test can take away — a copy of
// the SQLite fixture (renamed away), or a PostgreSQL database of its own (dropped, then re-created).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-down-"));
const file = path.join(dir, "db.sqlite");
const PG_NAME = "atlas_down_test";
let proxy: (r: NextRequest) => Promise<Response>;

const takeAway = async () =>
  usePostgres ? dropPostgresDatabase(PG_NAME) : fs.renameSync(file, `${file}.away`);
const bringBack = async () =>
  usePostgres ? void (await createPostgresDatabase(PG_NAME)) : fs.renameSync(`${file}.away`, file);

beforeAll(async () => {
  if (usePostgres) process.env.DATABASE_URL = await createPostgresDatabase(PG_NAME);
  else {
    fs.copyFileSync(inject("fixtureUrl").replace(/^file:/, ""), file);
    process.env.DATABASE_URL = `file:${file}`;
  }
  proxy = (await import("@/proxy")).proxy;
});

afterAll(async () => {
  if (usePostgres) await dropPostgresDatabase(PG_NAME);
});

describe(`when the ${usePostgres ? "PostgreSQL server's database" : "SQLite file"} goes away`, () => {
  it("answers 503 (HTML for pages, JSON for the API) and recovers when it returns", async () => {
    const page = () => proxy(new NextRequest("http://localhost/courses/COMPSCI%201"));
    const api = () => proxy(new NextRequest("http://localhost/api/courses?q=cs"));
    expect((await page()).headers.get("x-middleware-next")).toBe("1");
    await takeAway();
    await new Promise((r) => setTimeout(r, 1100)); // past the one-second health cache
    const down = await page();
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("15");
    expect(await down.text()).toContain("temporarily unavailable");
    const downApi = await api();
    expect(downApi.status).toBe(503);
    expect(((await downApi.json()) as { error: string }).error).toMatch(/database is unavailable/);
    await bringBack();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await page()).headers.get("x-middleware-next")).toBe("1");
  });
});
