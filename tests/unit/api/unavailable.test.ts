import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { NextRequest } from "next/server";
import { usePostgres } from "../../fixtures/postgres";

// The proxy reads DATABASE_URL at import: point it at a copy of the fixture that the test can remove.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-down-"));
const file = path.join(dir, "db.sqlite");
let proxy: (r: NextRequest) => Promise<Response>;

beforeAll(async () => {
  if (usePostgres) return;
  fs.copyFileSync(inject("fixtureUrl").replace(/^file:/, ""), file);
  process.env.DATABASE_URL = `file:${file}`;
  proxy = (await import("@/proxy")).proxy;
});

describe.skipIf(usePostgres)("when the database goes away", () => {
  it("answers 503 (HTML for pages, JSON for the API) and recovers when it returns", async () => {
    const page = () => proxy(new NextRequest("http://localhost/courses/COMPSCI%201"));
    const api = () => proxy(new NextRequest("http://localhost/api/courses?q=cs"));
    expect((await page()).headers.get("x-middleware-next")).toBe("1");
    fs.renameSync(file, `${file}.away`);
    await new Promise((r) => setTimeout(r, 1100)); // past the one-second health cache
    const down = await page();
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("15");
    expect(await down.text()).toContain("temporarily unavailable");
    const downApi = await api();
    expect(downApi.status).toBe(503);
    expect(((await downApi.json()) as { error: string }).error).toMatch(/database is unavailable/);
    fs.renameSync(`${file}.away`, file);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await page()).headers.get("x-middleware-next")).toBe("1");
  });
});
