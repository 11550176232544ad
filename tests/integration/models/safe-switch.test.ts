import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { usePostgres } from "../../fixtures/postgres";

const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
// Signals go straight to the training process (as Ctrl-C reaches every process of the group),
// not through the tsx CLI's relay.
const node = (args: string[]) => spawn(process.execPath, ["--import", "tsx", ...args], { env: env() });
let dir: string;
let url: string;
let db: Db;

beforeAll(() => {
  if (usePostgres) return;
  // A private copy of the trained fixture: these tests start runs that must not touch the shared one.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-switch-"));
  const src = inject("fixtureUrl").replace(/^file:/, "");
  fs.copyFileSync(src, path.join(dir, "db.sqlite"));
  url = `file:${path.join(dir, "db.sqlite")}`;
  db = createDb(url);
});
afterAll(async () => {
  if (usePostgres) return;
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ ...process.env, DATABASE_URL: url, TFJS_BACKEND: "wasm" as const });
const active = async (kind: string) => (await db.modelRun.findFirst({ where: { kind, isActive: true } }))!.id;

// Works on a copy of the SQLite fixture file; the lifecycle code is the same on PostgreSQL.
describe.skipIf(usePostgres)("model runs switch safely", () => {
  it("an RNN run killed mid-epoch is marked interrupted and the active run stays", async () => {
    const before = await active("rnn");
    const child = node([
      "scripts/train-rnn.ts",
      "--epochs",
      "50",
      "--units",
      "16",
      "--embedding",
      "16",
      "--eval-every",
      "0",
      "--min-test-students",
      "50",
    ]);
    let err = "";
    let scheduled = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`training never started:\n${err}`)), 90_000);
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        // The first progress line means batches are running: interrupt mid-epoch.
        if (/training: \d+/.test(err) && !scheduled) {
          scheduled = true;
          clearTimeout(timer);
          // A moment into the epoch, mid-batch loop.
          setTimeout(() => {
            child.kill("SIGINT");
            resolve();
          }, 500);
        }
      });
    });
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(130);
    const last = await db.modelRun.findFirstOrThrow({ where: { kind: "rnn" }, orderBy: { id: "desc" } });
    expect(last.status).toBe("interrupted");
    expect(last.isActive).toBe(false);
    expect(await active("rnn")).toBe(before);
  });

  it("a failed course2vec run leaves the active run in place", async () => {
    const before = await active("course2vec");
    const r = spawnSync(tsx, ["scripts/train-course2vec.ts", "--min-students", "1000000"], {
      env: env(),
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/nothing to train on/);
    const last = await db.modelRun.findFirstOrThrow({
      where: { kind: "course2vec" },
      orderBy: { id: "desc" },
    });
    expect(last.status).toBe("failed");
    expect(await active("course2vec")).toBe(before);
  });

  it("a run that evaluates worse than the active one (beyond the guard) is kept but not activated", async () => {
    const before = await active("rnn");
    const r = spawnSync(
      tsx,
      [
        "scripts/train-rnn.ts",
        "--epochs",
        "1",
        "--units",
        "4",
        "--embedding",
        "4",
        "--learning-rate",
        "0.000001",
        "--guard",
        "0",
        "--eval-every",
        "0",
        "--min-test-students",
        "50",
      ],
      { env: env(), encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/was NOT activated \(recall@10 .* below the active run's/);
    expect(await active("rnn")).toBe(before);
    const last = await db.modelRun.findFirstOrThrow({ where: { kind: "rnn" }, orderBy: { id: "desc" } });
    expect(last.status).toBe("finished");
  });
});
