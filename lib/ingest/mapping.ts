import fs from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CALENDARS } from "./calendar";
import type { FieldSource, FieldSources } from "./csv";
import { decodeTermCode, TERM_PRESETS, type TermCodes } from "./term-codes";
import { parseTerm } from "./terms";
import { parseUnitsText } from "./units";

const source = z.string().trim().min(1).max(200);
const fieldsOf = (names: readonly string[]) =>
  z.strictObject(Object.fromEntries(names.map((n) => [n, source.optional()]))).default({});

const CATALOG_FIELDS = [
  "course",
  "subject",
  "title",
  "subject_name",
  "division",
  "description",
  "units",
  "level",
  "cross_listed",
  "prerequisites",
  "offered",
] as const;
const ENROLLMENT_FIELDS = ["student", "term", "course", "subject", "major", "grade"] as const;
const REQUIREMENT_FIELDS = ["program", "requirement", "course", "count"] as const;

/** A mapping file (JSON or YAML): how a registrar's export names what the importer needs. */
export const mappingSchema = z.strictObject({
  /** Column names of a student information system; fields given below override them. */
  preset: z.enum(["peoplesoft", "banner"]).optional(),
  calendar: z.enum(CALENDARS).optional(),
  catalog: fieldsOf(CATALOG_FIELDS),
  /** `text`: units written as "3 hours.", "1 TO 4 hours." or "3 OR 4 units" (the highest is kept). */
  units: z.enum(["number", "text"]).default("number"),
  enrollments: fieldsOf(ENROLLMENT_FIELDS),
  requirements: fieldsOf(REQUIREMENT_FIELDS),
  terms: z
    .strictObject({
      /** Decode term codes by a preset: PeopleSoft STRM (2198) or Banner term codes (201980). */
      preset: z.enum(["peoplesoft", "banner"]).optional(),
      /** The preset's season digits as this institution uses them, e.g. { "2": "Spring", "4": "Summer" }. */
      seasons: z.record(z.string().regex(/^\d{1,2}$/), z.string()).optional(),
      /** A CSV of `code,label` or `code,year,season`, relative to the mapping file. */
      table: z.string().optional(),
    })
    .optional(),
  /** Major codes to names: inline, or a CSV of `code,name` relative to the mapping file. */
  majors: z.union([z.record(z.string(), z.string()), z.strictObject({ table: z.string() })]).optional(),
});
export type MappingFile = z.infer<typeof mappingSchema>;

const PRESET_COLUMNS: Record<"peoplesoft" | "banner", Pick<MappingFile, "catalog" | "enrollments">> = {
  peoplesoft: {
    catalog: {
      course: "{SUBJECT} {CATALOG_NBR}",
      subject: "SUBJECT",
      subject_name: "SUBJECT_DESCR",
      title: "COURSE_TITLE_LONG",
      description: "DESCRLONG",
      units: "UNITS_MAXIMUM",
      level: "ACAD_CAREER",
    },
    enrollments: {
      student: "EMPLID",
      term: "STRM",
      course: "{SUBJECT} {CATALOG_NBR}",
      subject: "SUBJECT",
      major: "ACAD_PLAN",
      grade: "CRSE_GRADE_OFF",
    },
  },
  banner: {
    catalog: {
      course: "{SUBJ_CODE} {CRSE_NUMB}",
      subject: "SUBJ_CODE",
      subject_name: "SUBJ_DESC",
      title: "CRSE_TITLE",
      description: "CRSE_TEXT",
      units: "CREDIT_HR_HIGH",
      level: "LEVL_CODE",
    },
    enrollments: {
      student: "ID",
      term: "TERM_CODE",
      course: "{SUBJ_CODE} {CRSE_NUMB}",
      subject: "SUBJ_CODE",
      major: "MAJR_CODE",
      grade: "GRDE_CODE",
    },
  },
};

/** What an import needs from a mapping: sources per file and the calendar, if configured. */
export type Mapping = {
  catalog: FieldSources;
  enrollments: FieldSources;
  requirements: FieldSources;
  calendar?: (typeof CALENDARS)[number];
};

export class MappingError extends Error {}

/** Reads and validates a mapping file (zod); throws MappingError with the file and the field. */
export function loadMapping(file: string): Mapping {
  const label = path.basename(file);
  let raw: unknown;
  try {
    const text = fs.readFileSync(file, "utf8");
    raw = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new MappingError(`${label}: cannot read the mapping: ${(err as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new MappingError(`${label}: ${i.path.join(".") || "-"}: ${i.message}`);
  }
  return compileMapping(parsed.data, path.dirname(file));
}

export function compileMapping(m: MappingFile, dir: string): Mapping {
  const preset = m.preset ? PRESET_COLUMNS[m.preset] : { catalog: {}, enrollments: {} };
  const columns = (base: Record<string, string | undefined>, own: Record<string, string | undefined>) => {
    const out: Record<string, FieldSource> = {};
    // A preset's optional columns may be absent; a column the mapping names must be there.
    for (const [k, v] of Object.entries(base)) if (v) out[k] = { from: v, optional: true };
    for (const [k, v] of Object.entries(own)) if (v) out[k] = { from: v };
    return out;
  };
  const catalog = columns(preset.catalog, m.catalog);
  const enrollments = columns(preset.enrollments, m.enrollments);
  if (m.units === "text" && catalog.units) catalog.units.decode = parseUnitsText;
  else if (m.units === "text") catalog.units = { from: "units", decode: parseUnitsText };
  const termPreset = m.terms?.preset ?? (m.terms?.table ? undefined : m.preset);
  const codes: TermCodes = {
    preset: termPreset,
    seasons: { ...(termPreset ? TERM_PRESETS[termPreset] : {}), ...m.terms?.seasons },
    table: m.terms?.table ? readTermTable(path.resolve(dir, m.terms.table)) : undefined,
  };
  if (codes.preset || codes.table) {
    const term = enrollments.term ?? { from: "term" };
    term.decode = (text) => decodeTermCode(text, codes);
    enrollments.term = term;
  }
  const majors =
    m.majors && "table" in m.majors ? readPairs(path.resolve(dir, String(m.majors.table))) : m.majors;
  if (majors) {
    const byCode = new Map(Object.entries(majors));
    const major = enrollments.major ?? { from: "major" };
    major.decode = (text) =>
      text
        .split(";")
        .map((c) => byCode.get(c.trim()) ?? c.trim())
        .join(";");
    enrollments.major = major;
  }
  return { catalog, enrollments, requirements: columns({}, m.requirements), calendar: m.calendar };
}

function readRows(file: string): string[][] {
  try {
    return parseCsv(fs.readFileSync(file), { bom: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new MappingError(`${path.basename(file)}: ${(err as Error).message}`);
  }
}

function readPairs(file: string): Record<string, string> {
  const rows = readRows(file);
  return Object.fromEntries(rows.slice(1).map((r) => [r[0] ?? "", r[1] ?? ""]));
}

/** `code,label` (`2198,Fall 2019`) or `code,year,season` (`2198,2019,Fall`). */
function readTermTable(file: string): Map<string, string> {
  const rows = readRows(file);
  const out = new Map<string, string>();
  rows.slice(1).forEach((r, i) => {
    const label = r.length >= 3 ? `${r[2]} ${r[1]}` : (r[1] ?? "");
    if (!parseTerm(label))
      throw new MappingError(`${path.basename(file)}:${i + 2}: not a term like "Fall 2019": "${label}"`);
    out.set(r[0]!, label);
  });
  return out;
}
