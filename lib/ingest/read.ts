import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  COURSE_COLUMNS,
  ENROLLMENT_COLUMNS,
  REQUIREMENT_COLUMNS,
  courseRowSchema,
  enrollmentRowSchema,
  rankLevel,
  requirementRowSchema,
  type CourseRow,
} from "../validations/csv";
import { hashStudentId } from "./hash";
import { ProblemList, readCsv } from "./csv";

export type ImportFiles = { catalog: string; enrollments: string; requirements?: string };

/** Everything an import will write, validated, in compact arrays (4.8M enrollments fit in ~200 MB). */
export type ImportData = {
  courses: (CourseRow & { levelRank: number })[];
  subjects: Map<string, { name: string; division: string }>;
  crossListings: [string, string][];
  prerequisites: [string, string][];
  terms: Map<number, string>; // ordinal → label
  studentHashes: string[];
  studentMajors: string[][];
  // Parallel arrays, one entry per enrollment: indices into studentHashes / courses, term ordinal.
  enrollStudent: Int32Array;
  enrollCourse: Int32Array;
  enrollTerm: Int32Array;
  enrollGrade: Uint16Array; // index into `grades` (0 = none)
  grades: (string | null)[];
  enrollmentCount: number;
  requirements: { program: string; requirement: string; count: number; courses: string[] }[];
  dataHash: string;
  warnings: string[];
};

export class ImportError extends Error {
  constructor(readonly problems: ProblemList) {
    super(
      `Import failed: ${problems.total} problem${problems.total === 1 ? "" : "s"}; nothing was written.\n${problems.format()}`,
    );
  }
}

export type ReadProgress = (phase: string, rows: number, bytes: number, totalBytes: number) => void;

class GrowableInt32 {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

function hashFiles(files: string[]): string {
  const h = createHash("sha256");
  for (const f of files) {
    if (fs.existsSync(f)) h.update(fs.readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

/** Reads and validates the three CSVs. Throws ImportError listing the problems; writes nothing. */
export async function readImportFiles(
  files: ImportFiles,
  salt: string,
  onProgress?: ReadProgress,
): Promise<ImportData> {
  const problems = new ProblemList(20);
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const label = (f: string) => path.basename(f);

  // Catalog.
  const courses: ImportData["courses"] = [];
  const courseIndex = new Map<string, number>();
  const subjects = new Map<string, { name: string; division: string }>();
  await readCsv({
    file: files.catalog,
    label: label(files.catalog),
    columns: COURSE_COLUMNS,
    schema: courseRowSchema,
    problems,
    warn,
    onRow: (row, line) => {
      if (courseIndex.has(row.course)) {
        problems.add({
          file: label(files.catalog),
          line,
          column: "course",
          reason: `duplicate course code "${row.course}"`,
        });
        return;
      }
      courseIndex.set(row.course, courses.length);
      courses.push({ ...row, levelRank: rankLevel(row.level) });
      if (!subjects.has(row.subject))
        subjects.set(row.subject, { name: row.subject_name || row.subject, division: row.division });
    },
  });

  const crossListings: [string, string][] = [];
  const prerequisites: [string, string][] = [];
  let missingRefs = 0;
  for (const c of courses) {
    for (const other of c.cross_listed) {
      if (!courseIndex.has(other)) missingRefs++;
      else if (other !== c.course) crossListings.push([c.course, other]);
    }
    for (const pre of c.prerequisites) {
      if (!courseIndex.has(pre)) missingRefs++;
      else if (pre !== c.course) prerequisites.push([c.course, pre]);
    }
  }
  if (missingRefs > 0) {
    warn(
      `${label(files.catalog)}: skipped ${missingRefs} cross-listing or prerequisite reference${missingRefs === 1 ? "" : "s"} to codes not in the catalog`,
    );
  }

  // Enrollments.
  const totalBytes = fs.existsSync(files.enrollments) ? fs.statSync(files.enrollments).size : 0;
  const studentIndex = new Map<string, number>();
  const studentHashes: string[] = [];
  const studentMajors: string[][] = [];
  const studentLastTerm: number[] = [];
  const terms = new Map<number, string>();
  const es = new GrowableInt32();
  const ec = new GrowableInt32();
  const et = new GrowableInt32();
  // Grades are few distinct strings: store an index per row, not a string.
  const grades: (string | null)[] = [null];
  const gradeIndex = new Map<string, number>();
  const eg = new GrowableInt32();
  const seen = new Set<number>();
  let rows = 0;
  const courseCount = Math.max(1, courses.length);
  await readCsv({
    file: files.enrollments,
    label: label(files.enrollments),
    columns: ENROLLMENT_COLUMNS,
    schema: enrollmentRowSchema,
    problems,
    warn,
    onProgress: (bytes) => onProgress?.("enrollments", rows, bytes, totalBytes),
    onRow: (row, line) => {
      rows++;
      const ci = courseIndex.get(row.course);
      if (ci === undefined) {
        problems.add({
          file: label(files.enrollments),
          line,
          column: "course",
          reason: `unknown course "${row.course.slice(0, 64)}" (not in the catalog)`,
        });
        return;
      }
      let si = studentIndex.get(row.student);
      if (si === undefined) {
        si = studentHashes.length;
        studentIndex.set(row.student, si);
        studentHashes.push(hashStudentId(row.student, salt));
        studentMajors.push(row.major);
        studentLastTerm.push(row.term.ordinal);
      } else if (row.term.ordinal >= studentLastTerm[si]! && row.major.length > 0) {
        // Majors as declared in the student's latest term (switches of major keep the newest).
        studentMajors[si] = row.major;
        studentLastTerm[si] = row.term.ordinal;
      }
      // Unique key without strings: student, course, term fit well inside 2^53.
      const key = (si * courseCount + ci) * 20_000 + (row.term.ordinal - 6_000);
      if (seen.has(key)) {
        problems.add({
          file: label(files.enrollments),
          line,
          column: "course",
          reason: `duplicate row: this student already has ${row.course} in ${row.term.label}`,
        });
        return;
      }
      seen.add(key);
      terms.set(row.term.ordinal, row.term.label);
      es.push(si);
      ec.push(ci);
      et.push(row.term.ordinal);
      let g = 0;
      if (row.grade !== "") {
        g = gradeIndex.get(row.grade) ?? grades.length;
        if (g === grades.length) {
          if (grades.length >= 65_535) {
            problems.add({
              file: label(files.enrollments),
              line,
              column: "grade",
              reason: "more than 65,535 distinct grade values",
            });
            return;
          }
          gradeIndex.set(row.grade, g);
          grades.push(row.grade);
        }
      }
      eg.push(g);
    },
  });
  seen.clear();
  studentIndex.clear();

  // Requirements.
  const requirements = new Map<
    string,
    { program: string; requirement: string; count: number; courses: string[] }
  >();
  const reqFile = files.requirements;
  if (reqFile) {
    let missing = 0;
    await readCsv({
      file: reqFile,
      label: label(reqFile),
      columns: REQUIREMENT_COLUMNS,
      schema: requirementRowSchema,
      problems,
      warn,
      onRow: (row, line) => {
        const key = `${row.program}\u0000${row.requirement}`;
        let req = requirements.get(key);
        if (!req) {
          req = { program: row.program, requirement: row.requirement, count: row.count, courses: [] };
          requirements.set(key, req);
        } else if (req.count !== row.count) {
          problems.add({
            file: label(reqFile),
            line,
            column: "count",
            reason: `count ${row.count} differs from ${req.count} given earlier for this requirement`,
          });
          return;
        }
        if (!courseIndex.has(row.course)) missing++;
        else if (!req.courses.includes(row.course)) req.courses.push(row.course);
      },
    });
    if (missing)
      warn(
        `${label(reqFile)}: skipped ${missing} requirement course${missing === 1 ? "" : "s"} not in the catalog`,
      );
  }

  if (!problems.isEmpty) throw new ImportError(problems);
  onProgress?.("enrollments", rows, totalBytes, totalBytes);
  return {
    courses,
    subjects,
    crossListings,
    prerequisites,
    terms,
    studentHashes,
    studentMajors,
    enrollStudent: es.trimmed(),
    enrollCourse: ec.trimmed(),
    enrollTerm: et.trimmed(),
    enrollGrade: Uint16Array.from(eg.trimmed()),
    grades,
    enrollmentCount: es.length,
    requirements: [...requirements.values()],
    dataHash: hashFiles([files.catalog, files.enrollments, files.requirements ?? ""]),
    warnings,
  };
}
