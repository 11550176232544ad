import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";

let db: Db;
let dir: string;
beforeAll(() => {
  db = createDb(inject("fixtureUrl"));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-export-"));
});
afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const runExport = (out: string) =>
  spawnSync(
    path.join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["scripts/export.ts", "--kind", "subjects", "--top", "3", "--out", out],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: inject("fixtureUrl") } },
  );

describe("npm run export", () => {
  it("writes a file only its owner can read, and logs the export before writing it", async () => {
    const out = path.join(dir, `subjects-${process.pid}.csv`);
    const r = runExport(out);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const log = await db.exportLog.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(log).toMatchObject({ kind: "subjects", clientAddress: "cli" });
    expect(JSON.parse(log.params)).toEqual({ top: 3, out: path.basename(out), institution: "UNIV" });

    // A write that fails still leaves its log entry: nothing is ever written unlogged.
    const before = await db.exportLog.count();
    const failed = runExport(path.join(dir, "no-such-folder", "x.csv"));
    expect(failed.status).not.toBe(0);
    expect(await db.exportLog.count()).toBe(before + 1);
  });
});
