import fs from "node:fs";
import { parse } from "csv-parse";
import type { z } from "zod";

export type Problem = { file: string; line: number; column: string; reason: string };

/** Collects problems; keeps the first `limit` for display and counts the rest. */
export class ProblemList {
  readonly shown: Problem[] = [];
  total = 0;
  constructor(private readonly limit = 20) {}
  add(p: Problem): void {
    this.total++;
    if (this.shown.length < this.limit) this.shown.push(p);
  }
  get isEmpty(): boolean {
    return this.total === 0;
  }
  format(): string {
    const lines = this.shown.map((p) => `${p.file}:${p.line}: ${p.column}: ${p.reason}`);
    if (this.total > this.shown.length) lines.push(`… and ${this.total - this.shown.length} more problems`);
    return lines.join("\n");
  }
}

export type Columns = { readonly required: readonly string[]; readonly optional: readonly string[] };

export type CsvReadOptions<S extends z.ZodType> = {
  file: string;
  label?: string;
  columns: Columns;
  schema: S;
  problems: ProblemList;
  warn: (message: string) => void;
  onRow: (row: z.infer<S>, line: number) => void;
  onProgress?: (bytes: number) => void;
};

const MAX_RECORD_BYTES = 256 * 1024;

/**
 * Streams a CSV file through csv-parse (quotes, embedded newlines, BOM, CRLF) and validates each row
 * with zod. Problems are collected with file, line and column; good rows go to `onRow`.
 * Returns the number of data rows seen.
 */
export async function readCsv<S extends z.ZodType>(opts: CsvReadOptions<S>): Promise<number> {
  const { file, columns, schema, problems } = opts;
  const label = opts.label ?? file;
  if (!fs.existsSync(file)) {
    problems.add({ file: label, line: 0, column: "-", reason: "file not found" });
    return 0;
  }
  let header: string[] | null = null;
  let rows = 0;
  const parser = fs.createReadStream(file).pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  let bytes = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      const line = info.lines;
      if (header === null) {
        header = record.map((h) => h.trim().toLowerCase());
        if (!checkHeader(header, columns, label, problems, opts.warn)) return 0;
        continue;
      }
      rows++;
      if (record.length !== header.length) {
        problems.add({
          file: label,
          line,
          column: "-",
          reason: `expected ${header.length} fields, found ${record.length}`,
        });
        continue;
      }
      const obj: Record<string, string> = {};
      let badEncoding = "";
      for (let i = 0; i < header.length; i++) {
        const v = record[i] ?? "";
        if (v.includes("\uFFFD")) badEncoding = header[i]!;
        obj[header[i]!] = v;
      }
      if (badEncoding) {
        problems.add({
          file: label,
          line,
          column: badEncoding,
          reason: "not valid UTF-8 (save the file as UTF-8)",
        });
        continue;
      }
      const parsed = schema.safeParse(obj);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.add({ file: label, line, column: String(issue.path[0] ?? "-"), reason: issue.message });
        }
        continue;
      }
      opts.onRow(parsed.data, line);
      if (opts.onProgress && info.bytes - bytes > 1 << 20) {
        bytes = info.bytes;
        opts.onProgress(bytes);
      }
    }
  } catch (err) {
    const e = err as { lines?: number; message?: string; code?: string };
    const reason =
      e.code === "CSV_MAX_RECORD_SIZE"
        ? `a record is larger than ${MAX_RECORD_BYTES / 1024} KiB (unbalanced quote or oversized field?)`
        : `unreadable CSV: ${e.message ?? String(err)}`;
    problems.add({ file: label, line: e.lines ?? 0, column: "-", reason });
    return rows;
  }
  if (header === null)
    problems.add({ file: label, line: 1, column: "-", reason: "file is empty (expected a header row)" });
  else if (rows === 0)
    problems.add({ file: label, line: 2, column: "-", reason: "file has a header but no rows" });
  return rows;
}

function checkHeader(
  header: string[],
  columns: Columns,
  file: string,
  problems: ProblemList,
  warn: (m: string) => void,
): boolean {
  const missing = columns.required.filter((c) => !header.includes(c));
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.add({ file, line: 1, column: h, reason: "column appears twice in the header" });
    seen.add(h);
  }
  for (const m of missing) {
    problems.add({
      file,
      line: 1,
      column: m,
      reason: `required column missing (header: ${header.slice(0, 12).join(", ")})`,
    });
  }
  const known = new Set<string>([...columns.required, ...columns.optional]);
  const extra = header.filter((h) => !known.has(h));
  if (extra.length)
    warn(`${file}: ignoring unknown column${extra.length > 1 ? "s" : ""} ${extra.join(", ")}`);
  return missing.length === 0 && seen.size === header.length;
}
