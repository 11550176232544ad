import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { postgresSchemaFrom } from "@/scripts/db/sync-schemas";
import { createPostgresDatabase, dropPostgresDatabase, usePostgres } from "../../fixtures/postgres";

const root = process.cwd();
const prisma = path.join(root, "node_modules", ".bin", "prisma");

/** The SQL that creates the schema file's model from nothing, as Prisma would write it. */
function fromEmpty(schema: string): string {
  return execFileSync(
    prisma,
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
}

function sqliteShape(db: Database.Database): string[] {
  const tables = (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != '_atlas_migrations' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  return tables.flatMap((t) => [
    ...(
      db.prepare(`PRAGMA table_info("${t}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }[]
    ).map((c) => `${t}.${c.name} ${c.type} ${c.notnull} ${c.dflt_value} ${c.pk}`),
    ...(db.prepare(`PRAGMA index_list("${t}")`).all() as { name: string; unique: number }[]).map(
      (i) => `${t} index ${i.name} ${i.unique}`,
    ),
  ]);
}

async function postgresShape(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cols = await c.query<Record<string, unknown>>(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema='public' AND table_name != '_atlas_migrations' ORDER BY table_name, column_name`,
    );
    const idx = await c.query<Record<string, unknown>>(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname='public' AND tablename != '_atlas_migrations' ORDER BY tablename, indexname`,
    );
    return [
      ...cols.rows.map((r) => Object.values(r).join(" ")),
      ...idx.rows.map((r) => Object.values(r).join(" ")),
    ];
  } finally {
    await c.end();
  }
}

describe("schemas and migrations stay in step", () => {
  it("the PostgreSQL schema is derived from the SQLite one (run npm run db:sync-schemas)", () => {
    const sqlite = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
    expect(fs.readFileSync(path.join(root, "prisma", "postgres", "schema.prisma"), "utf8")).toBe(
      postgresSchemaFrom(sqlite),
    );
  });

  it("both providers have the same migrations", () => {
    const names = (p: string) => fs.readdirSync(path.join(root, "prisma", "migrations", p)).sort();
    expect(names("postgres")).toEqual(names("sqlite"));
  });

  it.skipIf(usePostgres)("the SQLite migrations build exactly the schema", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-drift-"));
    await applyMigrations(`file:${path.join(dir, "migrated.db")}`);
    const fresh = new Database(path.join(dir, "fresh.db"));
    fresh.exec(fromEmpty("prisma/schema.prisma"));
    const migrated = new Database(path.join(dir, "migrated.db"));
    expect(sqliteShape(migrated)).toEqual(sqliteShape(fresh));
    migrated.close();
    fresh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(usePostgres)("the PostgreSQL migrations build exactly the schema", async () => {
    const migratedUrl = await createPostgresDatabase("atlas_drift_migrated");
    const freshUrl = await createPostgresDatabase("atlas_drift_fresh");
    try {
      await applyMigrations(migratedUrl);
      const c = new pg.Client({ connectionString: freshUrl });
      await c.connect();
      await c.query(fromEmpty("prisma/postgres/schema.prisma"));
      await c.end();
      expect(await postgresShape(migratedUrl)).toEqual(await postgresShape(freshUrl));
    } finally {
      await dropPostgresDatabase("atlas_drift_migrated");
      await dropPostgresDatabase("atlas_drift_fresh");
    }
  });
});
