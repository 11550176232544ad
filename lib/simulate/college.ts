import fs from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { createRng, cumulative, drawIndex, type Rng } from "../random";
import type { SimCatalog } from "./catalog";
import { catalogCsv } from "./catalog-csv";
import { buildCollegeCatalog, type CollegeCatalog } from "./college-catalog";
import { collegeRequirementRows } from "./college-programs";
import {
  createCollegeWorld,
  simulateCollegeCareer,
  type CollegeStudent,
  type CollegeWorld,
} from "./college-students";
import { CERTIFICATES } from "./college-only";
import { COLLEGE_SUBJECTS } from "./college-subjects";
import type { SimProgram } from "./programs";
import {
  PEOPLESOFT_ENROLLMENT_HEADER,
  peoplesoftCatalogCsv,
  peoplesoftEnrollmentLine,
  type ExportFormat,
} from "./sis-format";
import type { SimEnrollment, TransferHistory } from "./students";

/** Students of the college's own (not the university's transfers), per university student. */
export const COLLEGE_STUDENTS_PER_STUDENT = 0.18;
/** Share of the planted equivalences written to the known-articulations file. */
export const KNOWN_SHARE = 0.3;

/** What the college planted (written to college/planted.json), for evaluation and tests. */
export type CollegePlanted = {
  equivalences: { from: string; to: string[] }[];
  collegeOnly: string[];
  /** University lower-division courses the college has no course for. */
  noEquivalent: string[];
  /** [college student id, university student id] of each transfer student. */
  transfers: [string, string][];
};

export type CollegeFiles = {
  catalog: string;
  enrollments: string;
  requirements: string;
  planted: string;
  known: string;
  heldout: string;
};

/**
 * Starts the partner college beside a university simulation: `transferHistory` simulates a
 * university transfer student's first terms at the college (called by the university's
 * simulation, in its order), `finish` adds the college's own students and writes its files.
 */
export function startCollege(
  opts: { seed: number; students: number; years: number; startYear: number; format?: ExportFormat },
  outDir: string,
  uni: SimCatalog,
  programs: SimProgram[],
): {
  transferHistory: TransferHistory;
  finish: () => { files: CollegeFiles; students: number; enrollments: number };
} {
  const dir = path.join(outDir, "college");
  fs.mkdirSync(dir, { recursive: true });
  const cc = buildCollegeCatalog(opts.seed, uni, opts.years);
  const world = createCollegeWorld(cc, uni, programs, opts);
  const files: CollegeFiles = {
    catalog: path.join(dir, "courses.csv"),
    enrollments: path.join(dir, "enrollments.csv"),
    requirements: path.join(dir, "requirements.csv"),
    planted: path.join(dir, "planted.json"),
    known: path.join(outDir, "articulation-known.csv"),
    heldout: path.join(outDir, "articulation-heldout.csv"),
  };
  const peoplesoft = opts.format === "peoplesoft";
  const subjectOfCode = new Map(cc.classes.map((c) => [c.codes[0]!.code, c.codes[0]!.subject]));
  const fd = fs.openSync(files.enrollments, "w");
  let buffer: string[] = [peoplesoft ? PEOPLESOFT_ENROLLMENT_HEADER : "student,term,course,major,grade\n"];
  let enrollments = 0;
  let enrolled = 0; // students with an enrollment inside the window (a career's rows are written together)
  let last = "";
  const flush = () => {
    fs.writeSync(fd, buffer.join(""));
    buffer = [];
  };
  const emit = (e: SimEnrollment) => {
    buffer.push(
      peoplesoft
        ? peoplesoftEnrollmentLine(e, subjectOfCode)
        : `${e.student},${e.term},${e.code},${e.majors},${e.grade}\n`,
    );
    enrollments++;
    if (e.student !== last) enrolled++;
    last = e.student;
    if (buffer.length >= 20_000) flush();
  };
  let students = 0;
  const nextId = () => `B${(2_000_000 + students * 13 + (students++ % 7)).toString()}`;
  const transfers: [string, string][] = [];
  const transferRng = createRng(opts.seed * 49979687 + 13);
  const mirrorOf = mirrorCodes(uni);

  const transferHistory: TransferHistory = (p) => {
    const id = nextId();
    transfers.push([id, p.id]);
    return simulateCollegeCareer(transferRng, world, transferProfile(transferRng, id, p, mirrorOf), emit);
  };

  const finish = () => {
    const rng = createRng(opts.seed * 86028121 + 5);
    const majorCum = cumulative(uni.subjects.map((s) => s.popularity));
    const own = Math.round(opts.students * COLLEGE_STUDENTS_PER_STUDENT);
    for (let n = 0; n < own; n++)
      simulateCollegeCareer(rng, world, ownProfile(rng, nextId(), world, majorCum, mirrorOf), emit);
    flush();
    fs.closeSync(fd);
    fs.writeFileSync(files.catalog, peoplesoft ? peoplesoftCatalogCsv(cc) : catalogCsv(cc));
    fs.writeFileSync(files.requirements, stringify(collegeRequirementRows(cc, uni, programs)));
    const planted = plantedOf(cc, uni, transfers);
    fs.writeFileSync(files.planted, JSON.stringify(planted, null, 1));
    writeArticulation(opts.seed, planted, files);
    return { files, students: enrolled, enrollments };
  };
  return { transferHistory, finish };
}

/** University subject code → the college's code for that major (CIS for COMPSCI, BIOL for MCELLBI, …). */
function mirrorCodes(uni: SimCatalog): string[] {
  return uni.subjects.map((s) => COLLEGE_SUBJECTS.find((c) => c.mirrors.includes(s.code))?.code ?? "UNDC");
}

function transferProfile(
  rng: Rng,
  id: string,
  p: { majors: number[]; start: number; partTime: boolean },
  mirrorOf: string[],
): CollegeStudent {
  // Four regular terms before the transfer, or five or six (basic skills, part-time work).
  const regularTerms = rng.chance(0.65) ? 4 : 5 + rng.int(2);
  let start = p.start;
  for (let k = 0; k < regularTerms;) if (((--start % 3) + 3) % 3 !== 1) k++;
  return {
    id,
    majors: p.majors,
    major: rng.chance(0.2) ? "UNDC" : mirrorOf[p.majors[0]!]!,
    start,
    end: p.start - 1,
    regularTerms,
    partTime: p.partTime || rng.chance(0.25),
    mathRemedial: rng.chance(0.25) ? 1 + rng.int(2) : 0,
    englishRemedial: rng.chance(0.15),
    esl: rng.chance(0.06),
  };
}

function ownProfile(
  rng: Rng,
  id: string,
  w: CollegeWorld,
  majorCum: Float64Array,
  mirrorOf: string[],
): CollegeStudent {
  const start = (rng.int(w.years) - 1) * 3 + (rng.chance(0.75) ? 2 : 0);
  const end = w.years * 3 - 1;
  if (rng.chance(0.6)) {
    // Transfer track: some leave after a term or two; the others transfer elsewhere.
    const major = drawIndex(majorCum, rng.next());
    const partTime = rng.chance(0.4);
    return {
      id,
      majors: [major],
      major: rng.chance(0.2) ? "UNDC" : mirrorOf[major]!,
      start,
      end,
      regularTerms: rng.chance(0.2) ? 1 + rng.int(2) : partTime ? 5 + rng.int(3) : 4 + rng.int(2),
      partTime,
      mathRemedial: rng.chance(0.35) ? 1 + rng.int(3) : 0,
      englishRemedial: rng.chance(0.25),
      esl: rng.chance(0.1),
    };
  }
  const certificate = rng.int(CERTIFICATES.length);
  return {
    id,
    majors: [],
    certificate,
    major: CERTIFICATES[certificate]!.major,
    start,
    end,
    regularTerms: 2 + rng.int(3),
    partTime: rng.chance(0.65),
    mathRemedial: rng.chance(0.25) ? 1 + rng.int(2) : 0,
    englishRemedial: rng.chance(0.2),
    esl: rng.chance(0.15),
  };
}

function plantedOf(cc: CollegeCatalog, uni: SimCatalog, transfers: [string, string][]): CollegePlanted {
  const codeOf = (c: { codes: { code: string }[] }) => c.codes[0]!.code;
  return {
    equivalences: cc.equivalences.map((e) => ({
      from: codeOf(cc.classes[e.college]!),
      to: e.univ.map((u) => codeOf(uni.classes[u]!)),
    })),
    collegeOnly: cc.classes.filter((c) => cc.kindOf[c.id] !== "transfer").map(codeOf),
    noEquivalent: uni.classes
      .filter((c) => c.level === 1 && c.codes.length === 1 && !cc.collegeOf.has(c.id))
      .map(codeOf),
    transfers,
  };
}

/** Known (about 30%, drawn by seed) and held-out articulations; a one-to-two equivalence stays in one file. */
function writeArticulation(seed: number, planted: CollegePlanted, files: CollegeFiles): void {
  const rng = createRng(seed * 67867967 + 31);
  const order = rng.shuffle(planted.equivalences.map((_, i) => i));
  const known = new Set(order.slice(0, Math.round(order.length * KNOWN_SHARE)));
  const rows = (inKnown: boolean) => [
    ["from_course", "to_course"],
    ...planted.equivalences.flatMap((e, i) => (known.has(i) === inKnown ? e.to.map((t) => [e.from, t]) : [])),
  ];
  fs.writeFileSync(files.known, stringify(rows(true)));
  fs.writeFileSync(files.heldout, stringify(rows(false)));
}
