import fs from "node:fs";
import path from "node:path";

/**
 * prisma/schema.prisma (SQLite) is the one source of the data model; the PostgreSQL schema is
 * derived from it here, so the two cannot drift (a unit test fails if the derived file is stale).
 */
export function postgresSchemaFrom(sqlite: string): string {
  return (
    "// GENERATED from prisma/schema.prisma by `npm run db:sync-schemas`: edit that file, not this one.\n" +
    sqlite
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost:5432/atlas"')
      .replace(/(output\s*=\s*)"\.\.\/lib\/generated\/prisma"/, '$1"../../lib/generated/prisma-pg"')
  );
}

const root = process.cwd();
const target = path.join(root, "prisma", "postgres", "schema.prisma");
if (process.argv[1]?.endsWith("sync-schemas.ts")) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(
    target,
    postgresSchemaFrom(fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8")),
  );
  console.log(`Wrote ${path.relative(root, target)}`);
}
