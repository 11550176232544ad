import fs from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { buildCatalog } from "./catalog";
import { catalogCsv } from "./catalog-csv";
import { startCollege, type CollegeFiles } from "./college";
import { buildPrograms, SUBSTITUTE_GROUPS, findClass } from "./programs";
import { simulateStudents, type TermObservation } from "./students";
import {
  PEOPLESOFT_ENROLLMENT_HEADER,
  peoplesoftCatalogCsv,
  peoplesoftEnrollmentLine,
  type ExportFormat,
} from "./sis-format";

/** Bumped whenever the simulation changes, so cached simulations (the demo's) are rebuilt. */
export const SIMULATOR_VERSION = 6;

export type SimulationOptions = {
  seed: number;
  students: number;
  years: number;
  perSubject: number;
  startYear: number;
  /** `peoplesoft`: PeopleSoft column names, SUBJECT + CATALOG_NBR, STRM term codes. */
  format?: ExportFormat;
  /** Also write the partner community college (`college/`) and the articulation files (docs/simulation.md). */
  college?: boolean;
  /** Sees every university term before it is drawn (students.ts, TermObservation); writes nothing. */
  observe?: (o: TermObservation) => void;
};

export const SCALES = {
  demo: { students: 20_000, years: 10, perSubject: 24 },
  small: { students: 3_000, years: 6, perSubject: 14 },
  berkeley: { students: 165_000, years: 10, perSubject: 225 },
} as const;

export type SimulationResult = {
  files: { catalog: string; enrollments: string; requirements: string; planted: string };
  courses: number;
  enrollments: number;
  students: number;
  college?: { files: CollegeFiles; students: number; enrollments: number };
};

/** What the simulation planted, for evaluation and tests (docs/simulation.md explains it). */
export type Planted = {
  crossListed: string[][];
  substitutes: { name: string; codes: string[] }[];
  relatedSubjects: Record<string, string[]>;
  prerequisites: [string, string][];
};

/** Writes courses.csv, enrollments.csv, requirements.csv and planted.json into `outDir`. */
export function simulateUniversity(
  opts: SimulationOptions,
  outDir: string,
  onProgress?: (done: number, total: number) => void,
): SimulationResult {
  fs.mkdirSync(outDir, { recursive: true });
  const catalog = buildCatalog(opts.seed, opts.perSubject, opts.years);
  const programs = buildPrograms(catalog);
  const files = {
    catalog: path.join(outDir, "courses.csv"),
    enrollments: path.join(outDir, "enrollments.csv"),
    requirements: path.join(outDir, "requirements.csv"),
    planted: path.join(outDir, "planted.json"),
  };
  const peoplesoft = opts.format === "peoplesoft";
  fs.writeFileSync(files.catalog, peoplesoft ? peoplesoftCatalogCsv(catalog) : catalogCsv(catalog));
  const subjectOfCode = new Map(catalog.classes.flatMap((c) => c.codes.map((x) => [x.code, x.subject])));

  const reqRows: string[][] = [["program", "requirement", "course", "count"]];
  for (const p of programs) {
    for (const r of p.requirements)
      for (const id of r.classes)
        reqRows.push([p.name, r.name, catalog.classes[id]!.codes[0]!.code, String(r.count)]);
  }
  fs.writeFileSync(files.requirements, stringify(reqRows));

  const college = opts.college ? startCollege(opts, outDir, catalog, programs) : undefined;
  const fd = fs.openSync(files.enrollments, "w");
  let buffer: string[] = [peoplesoft ? PEOPLESOFT_ENROLLMENT_HEADER : "student,term,course,major,grade\n"];
  let enrollments = 0;
  const flush = () => {
    fs.writeSync(fd, buffer.join(""));
    buffer = [];
  };
  simulateStudents(
    catalog,
    programs,
    { ...opts, transferHistory: college?.transferHistory },
    (e) => {
      // Fields are ours (no commas or quotes), so a plain join is valid CSV.
      buffer.push(
        peoplesoft
          ? peoplesoftEnrollmentLine(e, subjectOfCode)
          : `${e.student},${e.term},${e.code},${e.majors},${e.grade}\n`,
      );
      enrollments++;
      if (buffer.length >= 20_000) flush();
    },
    (done) => onProgress?.(done, opts.students),
  );
  flush();
  fs.closeSync(fd);

  const planted: Planted = {
    crossListed: catalog.classes.filter((c) => c.codes.length > 1).map((c) => c.codes.map((x) => x.code)),
    substitutes: SUBSTITUTE_GROUPS.map((g) => ({
      name: g.name,
      codes: g.topics
        .map(([s, t]) => findClass(catalog, s, t))
        .filter((x): x is number => x !== undefined)
        .map((id) => catalog.classes[id]!.codes[0]!.code),
    })),
    relatedSubjects: Object.fromEntries(catalog.subjects.map((s) => [s.code, s.related])),
    prerequisites: catalog.classes.flatMap((c) =>
      c.prereqs.map((p) => [catalog.classes[p]!.codes[0]!.code, c.codes[0]!.code] as [string, string]),
    ),
  };
  fs.writeFileSync(files.planted, JSON.stringify(planted, null, 1));
  const courses = catalog.classes.reduce((n, c) => n + c.codes.length, 0);
  return { files, courses, enrollments, students: opts.students, college: college?.finish() };
}
