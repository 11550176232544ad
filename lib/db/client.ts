import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PrismaPgClient } from "../generated/prisma-pg/client";
import { env, isPostgres } from "../env";

export type Db = PrismaClient;

const DIALECT = Symbol.for("atlas.dialect");

/** Marks a client with its SQL dialect (createDb does this): raw SQL placeholders differ. */
export function markDialect<T extends object>(client: T, postgres: boolean): T {
  Object.defineProperty(client, DIALECT, { value: postgres ? "postgres" : "sqlite" });
  return client;
}

/** True when the client talks to PostgreSQL (read it before opening a transaction). */
export function isPostgresDb(db: Db): boolean {
  return (db as unknown as Record<symbol, string>)[DIALECT] === "postgres";
}

/** Opens a Prisma client on the database that `url` names (SQLite file or PostgreSQL). */
export function createDb(url: string = env.DATABASE_URL): Db {
  if (isPostgres(url)) {
    // The PostgreSQL client is generated from the same model (prisma/postgres/schema.prisma), so its
    // API is the SQLite client's; one type serves both.
    return markDialect(
      new PrismaPgClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }),
      true,
    ) as unknown as Db;
  }
  return markDialect(new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) }), false);
}

const globalForDb = globalThis as unknown as { atlasDb?: Db };

/** The one shared client of a process (kept across Next.js hot reloads). */
export function getDb(): Db {
  globalForDb.atlasDb ??= createDb();
  return globalForDb.atlasDb;
}
