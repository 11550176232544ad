import { isPostgresDb, type Db } from "../db/client";

/** A limiter's answer: admitted, or refused with the time until the client's window ends. */
export type LimitDecision = { ok: true } | { ok: false; msBeforeNext: number };

type Row = { points: number; expireAt: number };
type Batch = {
  counts: Map<string, number>;
  result: Promise<Map<string, Row>>;
  settle: (rows: Map<string, Row> | Error) => void;
};

function openBatch(): Batch {
  let settle!: Batch["settle"];
  const result = new Promise<Map<string, Row>>((resolve, reject) => {
    settle = (r) => (r instanceof Error ? reject(r) : resolve(r));
  });
  // A failed write is answered locally; nobody need be waiting for it.
  result.catch(() => {});
  return { counts: new Map(), result, settle };
}

/** Keys per INSERT statement (3 parameters each, within SQLite's and PostgreSQL's limits). */
const CHUNK = 300;
const PRUNE_MS = 5 * 60_000;

/**
 * A fixed-window counter per key, shared by every instance through the database's RateLimit table
 * (the rows rate-limiter-flexible's Prisma store keeps: key `prefix:client`, points, expire), with
 * no database write on the common request. Each instance counts in memory and writes what it
 * counted in one multi-row upsert about once per `syncMs`; the database's answer (the window's total
 * over all instances) becomes its known count for the key. A request waits for a write, and the
 * database decides it, in two cases only: the first request of a key in a window on this instance
 * (so a client already over the limit elsewhere is refused here too), and a request past `slice`
 * uncounted requests of one key here (so one instance never runs far ahead of the shared count).
 * Over-admission across N instances is thus at most N × slice per window (docs/web-tier.md).
 * While the database fails, each instance goes on counting alone (it never lets everything through)
 * and writes its counts once the database answers again.
 */
export class SharedLimiter {
  private readonly known = new Map<string, Row>();
  private open = openBatch();
  private writing: Batch | null = null;
  private timer: NodeJS.Timeout | null = null;
  private again = false;
  private failing = false;
  private prunedAt = Date.now();

  constructor(
    private readonly db: Db,
    private readonly prefix: string,
    readonly points: number,
    readonly seconds: number,
    readonly slice = Math.max(1, Math.floor(points / 10)),
    private readonly syncMs = 1000,
  ) {}

  /** Counts one request of `client` and says whether it is within the limit. */
  async consume(client: string): Promise<LimitDecision> {
    const key = `${this.prefix}:${client}`;
    const now = Date.now();
    let known = this.known.get(key);
    if (known && known.expireAt <= now) {
      this.known.delete(key);
      known = undefined;
    }
    const unwritten = (this.open.counts.get(key) ?? 0) + (this.writing?.counts.get(key) ?? 0);
    const windowEnd = known?.expireAt ?? now + this.seconds * 1000;
    // Over the limit as far as this instance knows: refused without counting (nor a write).
    if ((known?.points ?? 0) + unwritten >= this.points) return { ok: false, msBeforeNext: windowEnd - now };
    const batch = this.open;
    const ordinal = (batch.counts.get(key) ?? 0) + 1;
    batch.counts.set(key, ordinal);
    if (this.failing || (known && unwritten < this.slice)) {
      this.schedule(this.syncMs);
      return { ok: true };
    }
    this.schedule(0);
    let rows: Map<string, Row>;
    try {
      rows = await batch.result;
    } catch {
      return { ok: true }; // the database failed: decided locally, within the limit (checked above)
    }
    const row = rows.get(key)!;
    // This request's place among the window's requests on every instance.
    const position = row.points - batch.counts.get(key)! + ordinal;
    return position <= this.points ? { ok: true } : { ok: false, msBeforeNext: row.expireAt - Date.now() };
  }

  private schedule(ms: number): void {
    if (this.writing) {
      if (ms === 0) this.again = true;
      return;
    }
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref();
  }

  /** Writes the open batch (one statement per CHUNK keys) and takes the totals it returns. */
  private async flush(): Promise<void> {
    this.timer = null;
    const batch = this.open;
    if (batch.counts.size === 0 || this.writing) return;
    this.open = openBatch();
    this.writing = batch;
    try {
      const rows = await this.write(batch.counts);
      for (const [key, row] of rows) this.known.set(key, row);
      this.failing = false;
      batch.settle(rows);
    } catch (err) {
      if (!this.failing) console.warn(`rate limit ${this.prefix}: counting in this process only:`, err);
      this.failing = true;
      // Kept for the next write, so the shared count catches up once the database answers.
      for (const [key, n] of batch.counts) this.open.counts.set(key, (this.open.counts.get(key) ?? 0) + n);
      batch.settle(err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.writing = null;
      this.forgetExpired();
      const again = this.again;
      this.again = false;
      if (this.open.counts.size) this.schedule(again && !this.failing ? 0 : this.syncMs);
    }
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [key, row] of this.known) if (row.expireAt <= now) this.known.delete(key);
    if (now - this.prunedAt < PRUNE_MS) return;
    this.prunedAt = now;
    // Rows an hour past their window, as rate-limiter-flexible's store prunes them.
    this.db.rateLimit.deleteMany({ where: { expire: { lt: new Date(now - 3_600_000) } } }).catch(() => {});
  }

  private async write(counts: Map<string, number>): Promise<Map<string, Row>> {
    const out = new Map<string, Row>();
    // Sorted, so that two instances' statements lock PostgreSQL's rows in the same order.
    const keys = [...counts.keys()].sort();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const part = keys.slice(i, i + CHUNK);
      const rows = await upsertCounts(this.db, part, counts, this.seconds);
      for (const r of rows)
        out.set(r.key, { points: Number(r.points), expireAt: new Date(r.expire).getTime() });
    }
    return out;
  }
}

/**
 * Adds each key's count to its row in one statement and returns the new totals: a row past its
 * window starts a new one (as rate-limiter-flexible's store does), and the database's atomic upsert
 * counts parallel writers' additions all.
 */
async function upsertCounts(
  db: Db,
  keys: string[],
  counts: Map<string, number>,
  seconds: number,
): Promise<{ key: string; points: number | bigint; expire: Date | string }[]> {
  const pg = isPostgresDb(db);
  const now = new Date();
  const expire = new Date(now.getTime() + seconds * 1000);
  const args: unknown[] = [now];
  const at = (v: unknown) => (args.push(v), pg ? `$${args.length}` : "?");
  // SQLite binds "?" in order, so `now` is passed once per use; PostgreSQL reuses $1.
  const nowRef = () => (pg ? "$1" : (args.push(now), "?"));
  const values = keys.map((k) => `(${at(k)}, ${at(counts.get(k)!)}, ${at(expire)})`).join(", ");
  if (!pg) args.shift();
  const live = () => `("RateLimit"."expire" IS NULL OR "RateLimit"."expire" > ${nowRef()})`;
  const sql =
    `INSERT INTO "RateLimit" ("key", "points", "expire") VALUES ${values} ON CONFLICT ("key") DO UPDATE SET ` +
    `"points" = CASE WHEN ${live()} THEN "RateLimit"."points" + excluded."points" ELSE excluded."points" END, ` +
    `"expire" = CASE WHEN ${live()} THEN "RateLimit"."expire" ELSE excluded."expire" END ` +
    `RETURNING "key", "points", "expire"`;
  return db.$queryRawUnsafe(sql, ...args);
}
