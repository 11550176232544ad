import { LRUCache } from "lru-cache";
import type { Db } from "../db/client";
import { invalidateCatalog } from "./catalog";
import { publishVersionReader } from "../http/version-reader";

/**
 * How often each instance asks the database whether the model changed. Instances share nothing but
 * the database, so this poll is how an activation or an import made anywhere reaches every one.
 */
export const VERSION_CHECK_MS = 1000;
const MAX_ENTRIES = 5000;

type ReadCache = {
  version: string | null;
  checkedAt: number;
  checking: Promise<string> | null;
  entries: LRUCache<string, { value: Promise<unknown> }>;
};

// One cache per database client: in a web process that is the one shared client; tests open two
// clients on one database to play two instances.
const caches = new WeakMap<Db, ReadCache>();

function cacheOf(db: Db): ReadCache {
  let c = caches.get(db);
  if (!c) {
    c = { version: null, checkedAt: 0, checking: null, entries: new LRUCache({ max: MAX_ENTRIES }) };
    caches.set(db, c);
  }
  return c;
}

/**
 * What every cached answer is a function of: each institution's active run of each kind and the
 * last import, e.g. "1:course2vec:12,1:rnn:14,2:course2vec:15|import:3". Two small indexed queries.
 */
export async function readModelVersion(db: Db): Promise<string> {
  const [runs, last] = await Promise.all([
    db.modelRun.findMany({
      where: { isActive: true },
      select: { id: true, kind: true, institutionId: true },
      orderBy: [{ institutionId: "asc" }, { kind: "asc" }],
    }),
    db.importRun.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  return `${runs.map((r) => `${r.institutionId}:${r.kind}:${r.id}`).join(",")}|import:${last?.id ?? 0}`;
}

/**
 * The model version, asked of the database at most once per VERSION_CHECK_MS (concurrent callers
 * share one query). When it changes, this instance drops every cached answer and reloads the
 * catalog, so the next request is computed from the new run.
 */
export async function currentModelVersion(db: Db): Promise<string> {
  // The launcher's response cache keys on this same check (the first client is the site's one).
  publishVersionReader(() => currentModelVersion(db));
  const c = cacheOf(db);
  if (c.version !== null && Date.now() - c.checkedAt < VERSION_CHECK_MS) return c.version;
  c.checking ??= readModelVersion(db)
    .then((v) => {
      if (c.version !== null && v !== c.version) {
        c.entries.clear();
        invalidateCatalog();
      }
      c.version = v;
      c.checkedAt = Date.now();
      return v;
    })
    .finally(() => {
      c.checking = null;
    });
  return c.checking;
}

/**
 * Wraps a read-side query of one institution so its answers are kept per model version (LRU, 5,000
 * answers per instance), keyed by name, institution and arguments. Concurrent misses share one
 * computation; failures (an unknown course, the database down) are not kept. Callers must not
 * mutate what they get.
 */
export function cacheByModel<A extends unknown[], R>(
  name: string,
  fn: (db: Db, institutionId: number, ...args: A) => Promise<R>,
): (db: Db, institutionId: number, ...args: A) => Promise<R> {
  return async (db, institutionId, ...args) => {
    const version = await currentModelVersion(db);
    const c = cacheOf(db);
    const key = `${version}|${name}|inst:${institutionId}|${JSON.stringify(args)}`;
    const hit = c.entries.get(key);
    if (hit) return hit.value as Promise<R>;
    const value = fn(db, institutionId, ...args);
    c.entries.set(key, { value });
    value.catch(() => {
      if (c.entries.get(key)?.value === value) c.entries.delete(key);
    });
    return value;
  };
}
