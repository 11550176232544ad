import type { Tx } from "../db/bulk";

export type JsonColumn = { name: string; type: "integer" | "text" };

/**
 * Inserts many rows as one JSON array parameter per statement (`json_each` on SQLite,
 * `json_array_elements` on PostgreSQL): the database unpacks it in C, where a multi-row VALUES list
 * of 30,000 parameters went through the driver one value at a time. At Berkeley scale this is the
 * enrollment write (4.4M rows). `rowJson(i)` gives row i as a JSON array text, e.g. `[1,2,3,"A"]`.
 */
export async function insertJsonRows(
  tx: Tx,
  table: string,
  columns: readonly JsonColumn[],
  count: number,
  rowJson: (i: number) => string,
  opts: { postgres: boolean; batch?: number; onProgress?: (done: number) => void },
): Promise<void> {
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const sql = opts.postgres
    ? `INSERT INTO "${table}" (${names}) SELECT ${columns.map((c, k) => `(e->>${k})::${c.type}`).join(", ")} FROM json_array_elements($1::json) AS e`
    : `INSERT INTO "${table}" (${names}) SELECT ${columns.map((_, k) => `value->>${k}`).join(", ")} FROM json_each(?)`;
  const batch = opts.batch ?? 100_000;
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    const parts: string[] = new Array<string>(end - start);
    for (let i = start; i < end; i++) parts[i - start] = rowJson(i);
    await tx.$executeRawUnsafe(sql, `[${parts.join(",")}]`);
    opts.onProgress?.(end);
  }
}
