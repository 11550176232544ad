import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";
import { env, isPostgres } from "./env";

export type Db = PrismaClient;

/** Opens a Prisma client on the database that `url` names (SQLite file or PostgreSQL). */
export function createDb(url: string = env.DATABASE_URL): Db {
  if (isPostgres(url)) {
    throw new Error("PostgreSQL support is not built yet (see the production issue); use a file: URL.");
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

const globalForDb = globalThis as unknown as { atlasDb?: Db };

/** The one shared client of a process (kept across Next.js hot reloads). */
export function getDb(): Db {
  globalForDb.atlasDb ??= createDb();
  return globalForDb.atlasDb;
}
