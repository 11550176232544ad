import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgres } from "../env";

// Relative to the working directory, as Prisma resolves its own paths.
const MIGRATIONS_ROOT = path.resolve("prisma", "migrations");

/** The SQLite file a `file:` URL names, resolved against the working directory. */
export function sqlitePath(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}

/** Stop after the migration of this name (tests build an older database to migrate with data). */
export type MigrateOptions = { until?: string };

function listMigrations(provider: "sqlite" | "postgres", until?: string): { name: string; sql: string }[] {
  const dir = path.join(MIGRATIONS_ROOT, provider);
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
    .filter((d) => until === undefined || d <= until)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/**
 * Applies checked-in migrations (prisma/migrations/<sqlite|postgres>/) that the database has not
 * seen, each in a transaction. A small runner of our own: `prisma migrate deploy` and `db push` fail
 * on PostgreSQL with driver adapters (Prisma bug #27403), and one runner should serve both.
 */
export async function applyMigrations(url: string, opts: MigrateOptions = {}): Promise<string[]> {
  if (isPostgres(url)) return applyPostgresMigrations(url, opts.until);
  const file = sqlitePath(url);
  // Student-derived data: the folder (when we create it) and the file are the owner's only; SQLite
  // gives its -wal and -shm files the database file's permissions.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  fs.chmodSync(file, 0o600);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(
      `CREATE TABLE IF NOT EXISTS "_atlas_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`,
    );
    const done = new Set(
      (db.prepare(`SELECT "name" FROM "_atlas_migrations"`).all() as { name: string }[]).map((r) => r.name),
    );
    const applied: string[] = [];
    // A migration that redefines a table (SQLite's way to change a key) drops the old one; with
    // foreign keys on, that drop would cascade into every table pointing at it. So they are off for
    // the migration (the pragma is a no-op inside a transaction) and checked before it commits.
    db.pragma("foreign_keys = OFF");
    for (const m of listMigrations("sqlite", opts.until)) {
      if (done.has(m.name)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as { table: string; parent: string }[];
        if (broken.length > 0)
          throw new Error(
            `Migration ${m.name} leaves ${broken.length} rows of ${broken[0]!.table} without their ${broken[0]!.parent}`,
          );
        db.prepare(`INSERT INTO "_atlas_migrations" ("name", "appliedAt") VALUES (?, ?)`).run(
          m.name,
          new Date().toISOString(),
        );
      })();
      applied.push(m.name);
    }
    db.pragma("foreign_keys = ON");
    return applied;
  } finally {
    db.close();
  }
}

/** Deletes the database and rebuilds it empty from the migrations. */
export async function resetDatabase(url: string): Promise<void> {
  if (isPostgres(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    } finally {
      await client.end();
    }
    await applyPostgresMigrations(url);
    return;
  }
  const file = sqlitePath(url);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  await applyMigrations(url);
}

async function applyPostgresMigrations(url: string, until?: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One runner at a time (several web instances may start together).
    await client.query("SELECT pg_advisory_lock(72417)");
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_atlas_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`,
    );
    const done = new Set(
      (await client.query<{ name: string }>(`SELECT "name" FROM "_atlas_migrations"`)).rows.map(
        (r) => r.name,
      ),
    );
    const applied: string[] = [];
    for (const m of listMigrations("postgres", until)) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_atlas_migrations" ("name", "appliedAt") VALUES ($1, $2)`, [
          m.name,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock(72417)").catch(() => {});
    await client.end();
  }
}
