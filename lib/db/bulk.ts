import type { Db } from "./client";

/** A Prisma transaction client (what `$transaction(async (tx) => …)` hands over). */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const MAX_PARAMS = 30_000;

/**
 * Multi-row INSERT in chunks through Prisma's raw API, so one code path serves SQLite and PostgreSQL
 * and runs inside the caller's transaction. Names are quoted identifiers from our own code, never input.
 */
export async function insertRows(
  tx: Tx,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  opts: { postgres: boolean; onConflict?: string },
): Promise<void> {
  if (rows.length === 0) return;
  const pg = opts.postgres;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const marks: string[] = [];
      for (const v of row) {
        params.push(v);
        marks.push(pg ? `$${params.length}` : "?");
      }
      tuples.push(`(${marks.join(",")})`);
    }
    await tx.$executeRawUnsafe(
      head + tuples.join(",") + (opts.onConflict ? ` ${opts.onConflict}` : ""),
      ...params,
    );
  }
}
