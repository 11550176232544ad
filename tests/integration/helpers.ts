import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createPostgresDatabase, dropPostgresDatabase, usePostgres } from "../fixtures/postgres";

export type TempDb = { db: Db; url: string; dir: string; cleanup: () => Promise<void> };

/** A fresh migrated database: a SQLite file in a temp folder, or a new PostgreSQL database under test:pg. */
export async function makeTempDb(): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-test-"));
  const pgName = `atlas_t_${path
    .basename(dir)
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()}`;
  const url = usePostgres ? await createPostgresDatabase(pgName) : `file:${path.join(dir, "test.db")}`;
  await applyMigrations(url);
  const db = createDb(url);
  return {
    db,
    url,
    dir,
    cleanup: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
      if (usePostgres) await dropPostgresDatabase(pgName);
    },
  };
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Every row of every table, for "nothing changed" assertions. */
export async function dumpTables(db: Db): Promise<string> {
  const tables = [
    "Institution",
    "Subject",
    "Course",
    "CrossListing",
    "Prerequisite",
    "Term",
    "Student",
    "Enrollment",
    "CourseTransition",
    "Program",
    "Requirement",
    "RequirementCourse",
    "ImportRun",
  ];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await db.$queryRawUnsafe(`SELECT * FROM "${t}" ORDER BY 1, 2`);
  return JSON.stringify(out, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
}

export const SALT = "test-salt-0123456789abcdef";
