import type { Tx } from "../db/bulk";

export type JsonColumn = { name: string; type: "integer" | "text" };

/**
 * Writes JSON text into one reused byte buffer: a batch of 20k rows becomes one string, not 20k
 * small ones for the garbage collector (at Berkeley scale those strings set the import's peak memory).
 */
export class JsonBytes {
  private buf = Buffer.alloc(1 << 20);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }
  /** A non-negative integer, as digits. */
  int(n: number): void {
    this.ensure(16);
    if (n === 0) {
      this.buf[this.length++] = 48;
      return;
    }
    const start = this.length;
    for (let v = n; v > 0; v = Math.floor(v / 10)) this.buf[this.length++] = 48 + (v % 10);
    this.buf.subarray(start, this.length).reverse();
  }
  /** Pre-encoded JSON (a string literal or null). */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  take(): string {
    const s = this.buf.toString("utf8", 0, this.length);
    this.length = 0;
    return s;
  }
}

/**
 * Inserts many rows as one JSON array parameter per statement (`json_each` on SQLite,
 * `json_array_elements` on PostgreSQL): the database unpacks it in C, where a multi-row VALUES list
 * of 30,000 parameters went through the driver one value at a time. At Berkeley scale this is the
 * enrollment write (4.4M rows). `writeRow(i, out)` writes row i as a JSON array, e.g. `[1,2,3,"A"]`.
 */
export async function insertJsonRows(
  tx: Tx,
  table: string,
  columns: readonly JsonColumn[],
  count: number,
  writeRow: (i: number, out: JsonBytes) => void,
  opts: { postgres: boolean; batch?: number; onProgress?: (done: number) => void },
): Promise<void> {
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const sql = opts.postgres
    ? `INSERT INTO "${table}" (${names}) SELECT ${columns.map((c, k) => `(e->>${k})::${c.type}`).join(", ")} FROM json_array_elements($1::json) AS e`
    : `INSERT INTO "${table}" (${names}) SELECT ${columns.map((_, k) => `value->>${k}`).join(", ")} FROM json_each(?)`;
  const batch = opts.batch ?? 20_000;
  const out = new JsonBytes();
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    out.byte(0x5b); // [
    for (let i = start; i < end; i++) {
      if (i > start) out.byte(0x2c); // ,
      writeRow(i, out);
    }
    out.byte(0x5d); // ]
    await tx.$executeRawUnsafe(sql, out.take());
    opts.onProgress?.(end);
  }
}
