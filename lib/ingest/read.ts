import path from "node:path";
import {
  COURSE_COLUMNS,
  REQUIREMENT_COLUMNS,
  courseRowSchema,
  rankLevel,
  requirementRowSchema,
  type CourseRow,
} from "../validations/csv";
import type { Calendar } from "./calendar";
import { ProblemList, readCsv, type FieldSources } from "./csv";
import { readEnrollments, type EnrollmentData } from "./enrollments";
import { hashFile, hashImport, type FileReport } from "./file-hash";
import type { Mapping } from "./mapping";
import { WarningList } from "./warnings";

export type ImportFiles = { catalog: string; enrollments: string; requirements?: string };

export type ImportCourse = CourseRow & { levelRank: number; inCatalog: boolean };

/** Everything an import will write, validated, in compact arrays (4.8M enrollments fit in ~200 MB). */
export type ImportData = EnrollmentData & {
  courses: ImportCourse[];
  subjects: Map<string, { name: string; division: string }>;
  crossListings: [string, string][];
  prerequisites: [string, string][];
  requirements: { program: string; requirement: string; count: number; courses: string[] }[];
  dataHash: string;
  files: FileReport[];
  warnings: WarningList;
  calendar: Calendar;
  calendarSource: "detected" | "configured";
};

export class ImportError extends Error {
  constructor(readonly problems: ProblemList) {
    super(
      `Import failed: ${problems.total} problem${problems.total === 1 ? "" : "s"}; nothing was written.\n${problems.format()}`,
    );
  }
}

export type ReadProgress = (phase: string, rows: number, bytes: number, totalBytes: number) => void;

export type ReadOptions = {
  salt: string;
  mapping?: Mapping;
  /** The mapping file's text, so that a changed mapping is a changed import. */
  mappingText?: string;
  strict?: boolean;
  calendar?: Calendar;
  onProgress?: ReadProgress;
  onPhase?: (phase: string) => void;
};

/**
 * Reads and validates the CSVs. Fatal problems (unreadable file, missing column, duplicate code,
 * unparseable row or term) throw ImportError and nothing is written; suspicious data is imported and
 * counted in `warnings`, or also thrown under `strict`.
 */
export async function readImportFiles(files: ImportFiles, opts: ReadOptions): Promise<ImportData> {
  const problems = new ProblemList(20);
  const warnings = new WarningList();
  const label = (f: string) => path.basename(f);
  const catalogFile = label(files.catalog);

  const courses: ImportCourse[] = [];
  const courseLines: number[] = [];
  const courseIndex = new Map<string, number>();
  const rejected = new Set<string>();
  const subjects = new Map<string, { name: string; division: string }>();
  let hasUnits = false;
  const catalogRows = await readCsv({
    file: files.catalog,
    label: catalogFile,
    columns: COURSE_COLUMNS,
    sources: opts.mapping?.catalog,
    schema: courseRowSchema,
    problems,
    warnings,
    onHeader: (fields) => (hasUnits = fields.has("units")),
    onReject: (raw) => raw.course?.trim() && rejected.add(raw.course.trim()),
    onRow: (row, line) => {
      if (courseIndex.has(row.course)) {
        problems.add({
          file: catalogFile,
          line,
          column: "course",
          reason: `duplicate course code "${row.course}"`,
        });
        return;
      }
      const at = { file: catalogFile, line, detail: row.course };
      if (row.title === "") warnings.add("empty-title", { ...at, column: "title" });
      if (hasUnits && row.units === null) warnings.add("empty-units", { ...at, column: "units" });
      courseIndex.set(row.course, courses.length);
      courseLines.push(line);
      courses.push({
        ...row,
        title: row.title || row.course,
        levelRank: rankLevel(row.level),
        inCatalog: true,
      });
      if (!subjects.has(row.subject))
        subjects.set(row.subject, { name: row.subject_name || row.subject, division: row.division });
    },
  });

  const enrollments = await readEnrollments(files.enrollments, {
    ...opts,
    label: label(files.enrollments),
    courses,
    courseIndex,
    rejected,
    subjects,
    problems,
    warnings,
  });

  // References resolve against every course, retired ones from the enrollments included.
  const crossListings: [string, string][] = [];
  const prerequisites: [string, string][] = [];
  courses.forEach((c, i) => {
    if (!c.inCatalog) return;
    for (const [list, out] of [
      [c.cross_listed, crossListings],
      [c.prerequisites, prerequisites],
    ] as const) {
      for (const other of list) {
        if (!courseIndex.has(other)) {
          const column = list === c.cross_listed ? "cross_listed" : "prerequisites";
          warnings.add("unknown-reference", {
            file: catalogFile,
            line: courseLines[i]!,
            column,
            detail: `${c.course} → ${other.slice(0, 64)}`,
          });
        } else if (other !== c.course) out.push([c.course, other]);
      }
    }
  });

  const requirements = files.requirements
    ? await readRequirements(files.requirements, opts.mapping?.requirements, courseIndex, problems, warnings)
    : { list: [], rows: 0 };

  opts.onPhase?.("read");
  const reports: FileReport[] = [];
  for (const [kind, f, rows] of [
    ["catalog", files.catalog, catalogRows],
    ["enrollments", files.enrollments, enrollments.enrollmentCount],
    ["requirements", files.requirements, requirements.rows],
  ] as const) {
    if (f && problems.isEmpty) reports.push({ kind, name: label(f), rows, sha256: await hashFile(f) });
  }
  opts.onPhase?.("hash");
  if (opts.strict) warnings.addToProblems(problems);
  if (!problems.isEmpty) throw new ImportError(problems);
  return {
    ...enrollments,
    courses,
    subjects,
    crossListings,
    prerequisites,
    requirements: requirements.list,
    dataHash: hashImport(reports, opts.mappingText ?? ""),
    files: reports,
    warnings,
  };
}

async function readRequirements(
  file: string,
  sources: FieldSources | undefined,
  courseIndex: Map<string, number>,
  problems: ProblemList,
  warnings: WarningList,
): Promise<{ list: ImportData["requirements"]; rows: number }> {
  const label = path.basename(file);
  const requirements = new Map<string, ImportData["requirements"][number]>();
  const rows = await readCsv({
    file,
    label,
    columns: REQUIREMENT_COLUMNS,
    sources,
    schema: requirementRowSchema,
    problems,
    warnings,
    onRow: (row, line) => {
      const key = `${row.program}\u0000${row.requirement}`;
      let req = requirements.get(key);
      if (!req) {
        req = { program: row.program, requirement: row.requirement, count: row.count, courses: [] };
        requirements.set(key, req);
      } else if (req.count !== row.count) {
        problems.add({
          file: label,
          line,
          column: "count",
          reason: `count ${row.count} differs from ${req.count} given earlier for this requirement`,
        });
        return;
      }
      if (!courseIndex.has(row.course))
        warnings.add("unknown-requirement-course", {
          file: label,
          line,
          column: "course",
          detail: row.course,
        });
      else if (!req.courses.includes(row.course)) req.courses.push(row.course);
    },
  });
  return { list: [...requirements.values()], rows };
}
