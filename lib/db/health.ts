import fs from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgres } from "../env";
import { sqlitePath } from "./migrate";

const CACHE_MS = 1000;
const cache = new Map<string, { at: number; up: boolean }>();

async function probe(url: string): Promise<boolean> {
  if (!isPostgres(url)) {
    const file = sqlitePath(url);
    if (!fs.existsSync(file)) return false;
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 500 });
      try {
        db.prepare(`SELECT 1 FROM "Course" LIMIT 1`).get();
        return true;
      } finally {
        db.close();
      }
    } catch {
      return false;
    }
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000, query_timeout: 1000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether the database answers, checked at most once a second per URL (cheap enough for every request). */
export async function isDatabaseUp(url: string): Promise<boolean> {
  const hit = cache.get(url);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.up;
  const up = await probe(url);
  cache.set(url, { at: Date.now(), up });
  return up;
}
