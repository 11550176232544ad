import { parse } from "csv-parse/sync";

/**
 * Known articulation files (`from_course,to_course`: a partner-institution course code and the
 * code it counts as here; a one-to-two equivalence is two rows with the same `from_course`),
 * read whole and checked before anything is written: each problem is reported as
 * `file:line: field: reason`.
 */

export type CodePair = { from: string; to: string };
export type KnownRow = CodePair & { line: number };

export class KnownFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `${problems.slice(0, 20).join("\n")}${problems.length > 20 ? `\n… and ${problems.length - 20} more problems` : ""}`,
    );
  }
}

const HEADER = ["from_course", "to_course"] as const;

/** Parses a known-pairs file's text; throws KnownFileError naming every bad line. */
export function parseKnownFile(text: string, file: string): KnownRow[] {
  let records: { record: string[]; line: number }[];
  try {
    records = (
      parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as {
        record: string[];
        info: { lines: number };
      }[]
    ).map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new KnownFileError([`${file}:${e.lines ?? 1}: ${e.message}`]);
  }
  const header = records[0]?.record.map((h) => h.trim().toLowerCase());
  if (!header)
    throw new KnownFileError([`${file}:1: the file is empty (expected the header from_course,to_course)`]);
  const at = HEADER.map((h) => header.indexOf(h));
  const missing = HEADER.filter((_, k) => at[k]! < 0);
  if (missing.length > 0)
    throw new KnownFileError([
      `${file}:1: header: missing column ${missing.join(", ")} (expected from_course,to_course)`,
    ]);
  const problems: string[] = [];
  const rows: KnownRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of records.slice(1)) {
    const [from, to] = at.map((k) => (record[k] ?? "").trim()) as [string, string];
    if (!from) problems.push(`${file}:${line}: from_course: empty`);
    if (!to) problems.push(`${file}:${line}: to_course: empty`);
    if (!from || !to) continue;
    const key = `${from}\u0000${to}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`${file}:${line}: to_course: duplicate of line ${first} (${from} → ${to})`);
      continue;
    }
    seen.set(key, line);
    rows.push({ from, to, line });
  }
  if (problems.length > 0) throw new KnownFileError(problems);
  return rows;
}

/**
 * The pairs with codes resolved to course ids; every code the catalogs lack is a problem naming
 * its line and field.
 */
export function resolveKnownRows(
  rows: KnownRow[],
  file: string,
  fromIds: ReadonlyMap<string, number>,
  toIds: ReadonlyMap<string, number>,
  names: { from: string; to: string },
): [number, number][] {
  const problems: string[] = [];
  const pairs: [number, number][] = [];
  for (const r of rows) {
    const a = fromIds.get(r.from);
    const b = toIds.get(r.to);
    if (a === undefined)
      problems.push(`${file}:${r.line}: from_course: ${r.from} is not a course of ${names.from}`);
    if (b === undefined)
      problems.push(`${file}:${r.line}: to_course: ${r.to} is not a course of ${names.to}`);
    if (a !== undefined && b !== undefined) pairs.push([a, b]);
  }
  if (problems.length > 0) throw new KnownFileError(problems);
  return pairs;
}

/**
 * The known pairs of a training run: the file's, plus every accepted decision, minus every
 * rejected one (an officer's rejection overrides a pair in an old file). Ids, deduplicated.
 */
export function mergeKnownPairs(
  file: [number, number][],
  decisions: { fromCourseId: number; toCourseId: number; status: string }[],
): [number, number][] {
  const key = (a: number, b: number) => `${a}:${b}`;
  const out = new Map(file.map(([a, b]) => [key(a, b), [a, b] as [number, number]]));
  for (const d of decisions) {
    const k = key(d.fromCourseId, d.toCourseId);
    if (d.status === "accepted") out.set(k, [d.fromCourseId, d.toCourseId]);
    else if (d.status === "rejected") out.delete(k);
  }
  return [...out.values()];
}
