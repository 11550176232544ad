import fs from "node:fs";
import { ENROLLMENT_COLUMNS, enrollmentRowSchema, rankLevel } from "../validations/csv";
import { detectCalendar, type Calendar } from "./calendar";
import { readCsv, type ProblemList } from "./csv";
import { hashStudentId } from "./hash";
import type { ImportCourse, ReadOptions } from "./read";
import { FALL_SLOT, SLOTS, slotOf } from "./terms";
import type { WarningList } from "./warnings";

export type EnrollmentData = {
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
  calendar: Calendar;
  calendarSource: "detected" | "configured";
};

type Context = ReadOptions & {
  label: string;
  courses: ImportCourse[];
  courseIndex: Map<string, number>;
  rejected: Set<string>;
  subjects: Map<string, { name: string; division: string }>;
  problems: ProblemList;
  warnings: WarningList;
};

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

class GrowableFloat64 {
  data = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** Calls `onDuplicate` for each row whose key an earlier row had, in file order. */
function reportDuplicates(
  keys: Float64Array,
  lines: Int32Array,
  onDuplicate: (row: number, line: number) => void,
): void {
  const sorted = Float64Array.from(keys).sort();
  const dup = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) dup.add(sorted[i]!);
  if (dup.size === 0) return;
  const seen = new Set<number>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!dup.has(k)) continue;
    if (seen.has(k)) onDuplicate(i, lines[i]!);
    seen.add(k);
  }
}

/**
 * The subject of a course missing from the catalog: the row's own subject column, or the subject of
 * the catalog's courses whose codes share its prefix (`COMPSCI 9` → COMPSCI, `6.999` → 6's subject).
 */
function subjectFinder(courses: ImportCourse[]): (code: string) => string | null {
  const byPrefix = new Map<string, string>();
  for (const c of courses) {
    const p = prefixOf(c.course);
    if (p && !byPrefix.has(p)) byPrefix.set(p, c.subject);
  }
  return (code) => byPrefix.get(prefixOf(code)) ?? null;
}

function prefixOf(code: string): string {
  return /^[^\s\-_.]+(?=[\s\-_.])/.exec(code)?.[0] ?? /^[A-Za-z&]+(?=\d)/.exec(code)?.[0] ?? "";
}

/** Reads enrollments.csv into parallel arrays; a course missing from the catalog becomes a retired one. */
export async function readEnrollments(file: string, ctx: Context): Promise<EnrollmentData> {
  const { label, courses, courseIndex, problems, warnings } = ctx;
  const totalBytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
  const findSubject = subjectFinder(courses);
  const studentIndex = new Map<string, number>();
  const studentHashes: string[] = [];
  const studentMajors: string[][] = [];
  const studentLastTerm: number[] = [];
  const terms = new Map<number, string>();
  const termRows = new Map<number, number>();
  let fallName: { name: string; line: number } | null = null;
  const es = new GrowableInt32();
  const ec = new GrowableInt32();
  const et = new GrowableInt32();
  // Grades are few distinct strings: store an index per row, not a string.
  const grades: (string | null)[] = [null];
  const gradeIndex = new Map<string, number>();
  const eg = new GrowableInt32();
  // Row keys (student, course, term) and lines, checked for duplicates by one sort at the end: a
  // Set of 4.4M keys (heap numbers) took ~300 MB at Berkeley scale, these arrays 50 MB.
  const keys = new GrowableFloat64();
  const lines = new GrowableInt32();
  let rows = 0;
  // Room for the courses created here: the key below needs a fixed course count.
  const courseSpan = courses.length + 100_000;
  const course = (row: { course: string; subject: string }, line: number): number | null => {
    const ci = courseIndex.get(row.course);
    if (ci !== undefined) {
      if (!courses[ci]!.inCatalog) warnings.addRows("not-in-catalog", 1);
      return ci;
    }
    // A catalog row that failed is reported there, once: its enrollments are not a second problem.
    if (ctx.rejected.has(row.course)) return null;
    const subject = row.subject || findSubject(row.course);
    if (!subject || courses.length >= courseSpan) {
      problems.add({
        file: label,
        line,
        column: "course",
        reason:
          `unknown course "${row.course.slice(0, 64)}" (not in the catalog, and no catalog course shares its prefix; ` +
          "for a retired course of a retired subject, add a subject column)",
      });
      return null;
    }
    if (!ctx.subjects.has(subject)) ctx.subjects.set(subject, { name: subject, division: "" });
    warnings.add("not-in-catalog", { file: label, line, column: "course", detail: row.course.slice(0, 64) });
    courseIndex.set(row.course, courses.length);
    courses.push({
      course: row.course,
      subject,
      title: row.course,
      subject_name: "",
      division: "",
      description: "",
      units: null,
      level: "",
      levelRank: rankLevel(""),
      cross_listed: [],
      prerequisites: [],
      offered: [],
      inCatalog: false,
    });
    return courses.length - 1;
  };
  await readCsv({
    file,
    label,
    columns: ENROLLMENT_COLUMNS,
    sources: ctx.mapping?.enrollments,
    schema: enrollmentRowSchema,
    memoize: true,
    problems,
    warnings,
    onProgress: (bytes) => ctx.onProgress?.("enrollments", rows, bytes, totalBytes),
    onRow: (row, line) => {
      rows++;
      if (slotOf(row.term.ordinal) === FALL_SLOT) {
        // One export names the autumn term one way; a mix means files from two sources.
        fallName ??= { name: row.term.season, line };
        if (fallName.name !== row.term.season) {
          problems.add({
            file: label,
            line,
            column: "term",
            reason: `"${row.term.label}": this file calls that term ${fallName.name} (line ${fallName.line})`,
          });
          return;
        }
      }
      const ci = course(row, line);
      if (ci === null) return;
      let si = studentIndex.get(row.student);
      if (si === undefined) {
        si = studentHashes.length;
        studentIndex.set(row.student, si);
        studentHashes.push(hashStudentId(row.student, ctx.salt));
        studentMajors.push(row.major);
        studentLastTerm.push(row.term.ordinal);
      } else if (row.term.ordinal >= studentLastTerm[si]! && row.major.length > 0) {
        // Majors as declared in the student's latest term (switches of major keep the newest).
        studentMajors[si] = row.major;
        studentLastTerm[si] = row.term.ordinal;
      }
      // Unique key without strings: student, course, term fit well inside 2^53.
      keys.push((si * courseSpan + ci) * 4096 + (row.term.ordinal - 1900 * SLOTS));
      lines.push(line);
      terms.set(row.term.ordinal, row.term.label);
      termRows.set(row.term.ordinal, (termRows.get(row.term.ordinal) ?? 0) + 1);
      es.push(si);
      ec.push(ci);
      et.push(row.term.ordinal);
      let g = 0;
      if (row.grade !== "") {
        g = gradeIndex.get(row.grade) ?? grades.length;
        if (g === grades.length) {
          if (grades.length >= 65_535) {
            problems.add({
              file: label,
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
  studentIndex.clear();
  reportDuplicates(keys.trimmed(), lines.trimmed(), (i, line) =>
    problems.add({
      file: label,
      line,
      column: "course",
      reason: `duplicate row: this student already has ${courses[ec.data[i]!]!.course} in ${terms.get(et.data[i]!)}`,
    }),
  );
  ctx.onProgress?.("enrollments", rows, totalBytes, totalBytes);
  const configured = ctx.calendar ?? (ctx.mapping?.calendar ? { kind: ctx.mapping.calendar } : undefined);
  const detected = detectCalendar(termRows, (fallName as { name: string } | null)?.name === "Autumn");
  return {
    terms,
    studentHashes,
    studentMajors,
    enrollStudent: es.trimmed(),
    enrollCourse: ec.trimmed(),
    enrollTerm: et.trimmed(),
    enrollGrade: Uint16Array.from(eg.trimmed()),
    grades,
    enrollmentCount: es.length,
    calendar: configured ? { kind: configured.kind, fallName: detected.fallName } : detected,
    calendarSource: configured ? "configured" : "detected",
  };
}
