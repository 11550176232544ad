import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";
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

  // Rows as a 0005 database held them (before institutions), written with plain SQL both accept.
  const ROWS_0005 = [
    `INSERT INTO "Subject" ("code", "name") VALUES ('MATH', 'Mathematics')`,
    `INSERT INTO "Course" ("id", "code", "subjectCode", "title", "students") VALUES (1, 'MATH 1', 'MATH', 'Calculus', 12), (2, 'MATH 2', 'MATH', 'Algebra', 11)`,
    `INSERT INTO "CrossListing" ("courseId", "partnerId") VALUES (1, 2)`,
    `INSERT INTO "Prerequisite" ("courseId", "requiredId") VALUES (2, 1)`,
    `INSERT INTO "Term" ("id", "label", "ordinal") VALUES (1, 'Fall 2020', 16165)`,
    `INSERT INTO "Student" ("id", "hash", "majors") VALUES (1, 'h1', 'MATH'), (2, 'h2', '')`,
    `INSERT INTO "Enrollment" ("studentId", "courseId", "termId") VALUES (1, 1, 1), (2, 1, 1), (2, 2, 1)`,
    `INSERT INTO "Program" ("id", "name") VALUES (1, 'Math BA')`,
    `INSERT INTO "Requirement" ("id", "programId", "name", "count") VALUES (1, 1, 'Core', 1)`,
    `INSERT INTO "RequirementCourse" ("requirementId", "courseId") VALUES (1, 1)`,
    `INSERT INTO "ImportRun" ("id", "dataHash", "courses", "students", "enrollments") VALUES (1, 'abc', 2, 2, 3)`,
    `INSERT INTO "ModelRun" ("id", "kind", "status", "isActive") VALUES (1, 'course2vec', 'finished', true)`,
    `INSERT INTO "SimilarCourse" ("runId", "courseId", "similarId", "rank", "similarity") VALUES (1, 1, 2, 1, 0.5)`,
  ];
  const COUNTED = [
    "Subject",
    "Course",
    "CrossListing",
    "Prerequisite",
    "Term",
    "Student",
    "Enrollment",
    "Program",
    "Requirement",
    "RequirementCourse",
    "ImportRun",
    "ModelRun",
    "SimilarCourse",
  ];
  const OWNED = ["Subject", "Course", "Term", "Student", "Program", "ImportRun", "ModelRun"];
  type Query = (sql: string) => Promise<Record<string, unknown>[]>;

  /** After 0006: every row is still there, and every owned row belongs to the created UNIV. */
  async function expectKeptAsUniv(query: Query, counts: Record<string, number>) {
    for (const t of COUNTED)
      expect([t, Number((await query(`SELECT COUNT(*) AS n FROM "${t}"`))[0]!.n)]).toEqual([t, counts[t]]);
    const institutions = await query(`SELECT "id", "code", "name" FROM "Institution"`);
    expect(institutions.map((i) => [i.code, i.name])).toEqual([["UNIV", "University"]]);
    for (const t of OWNED) {
      const owners = await query(`SELECT DISTINCT "institutionId" AS i FROM "${t}"`);
      expect([t, owners.map((o) => Number(o.i))]).toEqual([t, [Number(institutions[0]!.id)]]);
    }
    // Column values survive the table rebuilds.
    const course = await query(
      `SELECT "code", "title", "students", "subjectCode" FROM "Course" WHERE "id" = 2`,
    );
    expect(course[0]).toMatchObject({ code: "MATH 2", title: "Algebra", subjectCode: "MATH" });
    expect(Number(course[0]!.students)).toBe(11);
  }

  it.skipIf(usePostgres)(
    "0006 on a SQLite database with data keeps every row and gives it to UNIV",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-0006-"));
      const file = path.join(dir, "old.db");
      try {
        expect(await applyMigrations(`file:${file}`, { until: "0005_rate_limits" })).not.toContain(
          "0006_institutions",
        );
        const db = new Database(file);
        for (const sql of ROWS_0005) db.exec(sql);
        const count = (t: string) =>
          (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
        const before = Object.fromEntries(COUNTED.map((t) => [t, count(t)]));
        db.close();
        expect(await applyMigrations(`file:${file}`)).toEqual(["0006_institutions"]);
        const after = new Database(file, { readonly: true });
        await expectKeptAsUniv(
          (sql) => Promise.resolve(after.prepare(sql).all() as Record<string, unknown>[]),
          before,
        );
        after.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.runIf(usePostgres)(
    "0006 on a PostgreSQL database with data keeps every row and gives it to UNIV",
    async () => {
      const url = await createPostgresDatabase("atlas_0006");
      const c = new pg.Client({ connectionString: url });
      try {
        await applyMigrations(url, { until: "0005_rate_limits" });
        await c.connect();
        for (const sql of ROWS_0005) await c.query(sql);
        const before: Record<string, number> = {};
        for (const t of COUNTED)
          before[t] = Number((await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0]!.n);
        expect(await applyMigrations(url)).toEqual(["0006_institutions"]);
        await expectKeptAsUniv(async (sql) => (await c.query<Record<string, unknown>>(sql)).rows, before);
      } finally {
        await c.end();
        await dropPostgresDatabase("atlas_0006");
      }
    },
  );

  it("a fresh database has no institution until its first import", async () => {
    const url = usePostgres
      ? await createPostgresDatabase("atlas_0006_fresh")
      : `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "atlas-fresh-")), "f.db")}`;
    try {
      await applyMigrations(url);
      const db = createDb(url);
      expect(await db.institution.count()).toBe(0);
      await db.$disconnect();
    } finally {
      if (usePostgres) await dropPostgresDatabase("atlas_0006_fresh");
      else fs.rmSync(path.dirname(url.replace(/^file:/, "")), { recursive: true, force: true });
    }
  });
});
