import fs from "node:fs";
import { parse } from "csv-parse";
import { z } from "zod";
import type { WarningList } from "./warnings";

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

/**
 * Where a field's value comes from: a column (case-insensitive) or a template such as
 * `{SUBJECT} {CATALOG_NBR}`; `decode` rewrites the text first (term codes, units text, major codes)
 * and returns `{ error }` for text it cannot read.
 */
export type FieldSource = {
  from: string;
  optional?: boolean;
  decode?: (text: string) => string | { error: string };
};
export type FieldSources = Readonly<Record<string, FieldSource>>;

export type CsvReadOptions<S extends z.ZodType> = {
  file: string;
  label?: string;
  columns: Columns;
  /** Fields not given here come from the column of the same name. */
  sources?: FieldSources;
  schema: S;
  problems: ProblemList;
  warnings: WarningList;
  onHeader?: (fields: ReadonlySet<string>) => void;
  onRow: (row: z.infer<S>, line: number) => void;
  /** A row that failed validation, as read (so its key can be recognised later). */
  onReject?: (raw: Record<string, string>) => void;
  onProgress?: (bytes: number) => void;
  /**
   * Validate each field once per distinct value (the schema must be a z.object of per-field schemas):
   * an enrollment export repeats a few thousand codes, terms and majors millions of times.
   */
  memoize?: boolean;
};

const MEMO_LIMIT = 500_000;
const MISSING = "\u0000missing";

const MAX_RECORD_BYTES = 256 * 1024;

/**
 * Streams a CSV file through csv-parse (quotes, embedded newlines, BOM, CRLF), maps its columns to
 * fields and validates each row with zod. Problems are collected with file, line and column; good
 * rows go to `onRow`. Returns the number of data rows seen.
 */
export async function readCsv<S extends z.ZodType>(opts: CsvReadOptions<S>): Promise<number> {
  const { file, columns, schema, problems } = opts;
  const label = opts.label ?? file;
  if (!fs.existsSync(file)) {
    problems.add({ file: label, line: 0, column: "-", reason: "file not found" });
    return 0;
  }
  let fields: CompiledField[] | null = null;
  let width = 0;
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
  const memo =
    opts.memoize && schema instanceof z.ZodObject
      ? Object.entries(schema.shape as Record<string, z.ZodType>).map(([field, s]) => ({
          field,
          schema: s,
          cache: new Map<string, z.ZodSafeParseResult<unknown>>(),
        }))
      : null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      const line = info.lines;
      if (fields === null) {
        width = record.length;
        fields = compileHeader(record, columns, opts.sources ?? {}, label, problems, opts.warnings);
        if (!fields) return 0;
        opts.onHeader?.(new Set(fields.map((f) => f.field)));
        continue;
      }
      rows++;
      if (record.length !== width) {
        problems.add({
          file: label,
          line,
          column: "-",
          reason: `expected ${width} fields, found ${record.length}`,
        });
        continue;
      }
      const obj: Record<string, string> = {};
      let bad: Problem | null = null;
      for (const f of fields) {
        let v = f.get(record);
        if (v.includes("\uFFFD")) {
          bad = { file: label, line, column: f.label, reason: "not valid UTF-8 (save the file as UTF-8)" };
          break;
        }
        if (f.decode && v.trim() !== "") {
          const d = f.decode(v);
          if (typeof d !== "string") {
            bad = { file: label, line, column: f.label, reason: d.error };
            break;
          }
          v = d;
        }
        obj[f.field] = v;
      }
      if (bad) {
        problems.add(bad);
        opts.onReject?.(obj);
        continue;
      }
      if (memo) {
        const out: Record<string, unknown> = {};
        let failed = false;
        for (const m of memo) {
          const raw = obj[m.field];
          let r = m.cache.get(raw ?? MISSING);
          if (!r) {
            r = m.schema.safeParse(raw);
            if (m.cache.size < MEMO_LIMIT) m.cache.set(raw ?? MISSING, r);
          }
          if (r.success) out[m.field] = r.data;
          else {
            failed = true;
            const column = fields.find((f) => f.field === m.field)?.label ?? m.field;
            for (const issue of r.error.issues)
              problems.add({ file: label, line, column, reason: issue.message });
          }
        }
        if (failed) opts.onReject?.(obj);
        else opts.onRow(out as z.infer<S>, line);
        if (opts.onProgress && info.bytes - bytes > 1 << 20) {
          bytes = info.bytes;
          opts.onProgress(bytes);
        }
        continue;
      }
      const parsed = schema.safeParse(obj);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? "-");
          const column = fields.find((f) => f.field === field)?.label ?? field;
          problems.add({ file: label, line, column, reason: issue.message });
        }
        opts.onReject?.(obj);
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
  if (fields === null)
    problems.add({ file: label, line: 1, column: "-", reason: "file is empty (expected a header row)" });
  else if (rows === 0)
    problems.add({ file: label, line: 2, column: "-", reason: "file has a header but no rows" });
  return rows;
}

type CompiledField = {
  field: string;
  label: string; // the column name(s) it comes from, for messages
  get: (record: string[]) => string;
  decode?: FieldSource["decode"];
};

/**
 * Resolves each field's source against the header. Returns null (with problems) when a required
 * field's column is missing or a column appears twice; warns once about columns nothing reads.
 */
function compileHeader(
  record: string[],
  columns: Columns,
  sources: FieldSources,
  file: string,
  problems: ProblemList,
  warnings: WarningList,
): CompiledField[] | null {
  const header = record.map((h) => h.trim());
  const index = new Map<string, number>();
  let ok = true;
  header.forEach((h, i) => {
    const key = h.toLowerCase();
    if (index.has(key)) {
      problems.add({ file, line: 1, column: key, reason: "column appears twice in the header" });
      ok = false;
    }
    index.set(key, i);
  });
  const used = new Set<number>();
  const out: CompiledField[] = [];
  const shown = header.slice(0, 12).join(", ");
  for (const field of [...columns.required, ...columns.optional]) {
    const required = columns.required.includes(field);
    const src = sources[field] ?? { from: field };
    const parts = parseTemplate(src.from);
    const missing = parts.filter((p) => typeof p !== "string" && !index.has(p.column.toLowerCase()));
    const label = parts.flatMap((p) => (typeof p === "string" ? [] : [p.column])).join("+") || field;
    if (missing.length) {
      if (required || (sources[field] && !sources[field].optional)) {
        const names = missing.map((p) => (typeof p === "string" ? p : p.column)).join(", ");
        problems.add({
          file,
          line: 1,
          column: label.toLowerCase() === field ? field : label,
          reason: `required column${required ? "" : ` for ${field}`} missing: ${names} (header: ${shown})`,
        });
        ok = false;
      }
      continue;
    }
    const resolved = parts.map((p) => (typeof p === "string" ? p : index.get(p.column.toLowerCase())!));
    for (const p of resolved) if (typeof p === "number") used.add(p);
    const get =
      resolved.length === 1 && typeof resolved[0] === "number"
        ? (
            (i: number) => (r: string[]) =>
              r[i] ?? ""
          )(resolved[0])
        : (r: string[]) =>
            resolved
              .map((p) => (typeof p === "number" ? (r[p] ?? "").trim() : p))
              .join("")
              .trim();
    out.push({ field, label: label.toLowerCase() === field ? field : label, get, decode: src.decode });
  }
  header.forEach((h, i) => {
    if (!used.has(i) && h !== "")
      warnings.add("unknown-column", { file, line: 1, column: h, detail: `column "${h.slice(0, 40)}"` });
  });
  return ok ? out : null;
}

type TemplatePart = string | { column: string };

/** `{SUBJECT} {CATALOG_NBR}` → [{column: SUBJECT}, " ", {column: CATALOG_NBR}]; a plain name is one column. */
function parseTemplate(from: string): TemplatePart[] {
  if (!from.includes("{")) return [{ column: from }];
  const parts: TemplatePart[] = [];
  const re = /\{([^}]+)\}/g;
  let at = 0;
  for (let m = re.exec(from); m; m = re.exec(from)) {
    if (m.index > at) parts.push(from.slice(at, m.index));
    parts.push({ column: m[1]!.trim() });
    at = m.index + m[0].length;
  }
  if (at < from.length) parts.push(from.slice(at));
  return parts;
}
