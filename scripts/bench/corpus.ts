import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parse } from "csv-parse";
import { parseTerm } from "../../lib/ingest/terms";
import type { StudentHistory } from "../../lib/ml/vocab";

export type BenchCorpus = {
  histories: StudentHistory[];
  courses: { code: string; subject: string }[];
  crossPairs: [number, number][]; // course ids (catalog row index), both directions
  enrollments: number;
};

export const BENCH_SCALES = ["small", "demo", "berkeley"] as const;

/** The simulated university of a scale, made once under .bench/<scale> (seed 42). */
export function ensureSimulation(scale: string): string {
  const dir = path.join(process.cwd(), ".bench", scale);
  if (!fs.existsSync(path.join(dir, "planted.json"))) {
    console.error(`Simulating the ${scale} university into ${dir} (once)…`);
    const r = spawnSync(
      path.join(process.cwd(), "node_modules", ".bin", "tsx"),
      ["scripts/simulate.ts", "--scale", scale, "--seed", "42", "--out", dir],
      { stdio: "inherit" },
    );
    if (r.status !== 0) throw new Error("simulation failed");
  }
  return dir;
}

/** Reads the simulated CSVs straight into histories (course id = catalog row), no database. */
export async function loadBenchCorpus(dir: string): Promise<BenchCorpus> {
  const courses: { code: string; subject: string; cross: string }[] = [];
  for await (const r of fs.createReadStream(path.join(dir, "courses.csv")).pipe(parse({ columns: true }))) {
    const row = r as { course: string; subject: string; cross_listed: string };
    courses.push({ code: row.course, subject: row.subject, cross: row.cross_listed });
  }
  const idOf = new Map(courses.map((c, i) => [c.code, i]));
  const crossPairs: [number, number][] = [];
  courses.forEach((c, i) =>
    c.cross
      .split(";")
      .filter(Boolean)
      .forEach((x) => idOf.has(x) && crossPairs.push([i, idOf.get(x)!])),
  );
  const byStudent = new Map<string, StudentHistory>();
  let enrollments = 0;
  for await (const r of fs
    .createReadStream(path.join(dir, "enrollments.csv"))
    .pipe(parse({ columns: true }))) {
    const row = r as { student: string; term: string; course: string; major: string };
    const ordinal = parseTerm(row.term)!.ordinal;
    let h = byStudent.get(row.student);
    if (!h) byStudent.set(row.student, (h = { terms: [], majors: [] }));
    if (row.major) h.majors = row.major.split(";");
    let t = h.terms.find((x) => x.ordinal === ordinal);
    if (!t) h.terms.push((t = { ordinal, courses: [] }));
    t.courses.push(idOf.get(row.course)!);
    enrollments++;
  }
  const histories = [...byStudent.values()];
  for (const h of histories) h.terms.sort((a, b) => a.ordinal - b.ordinal);
  return {
    histories,
    courses: courses.map(({ code, subject }) => ({ code, subject })),
    crossPairs,
    enrollments,
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Debian's python3 (where python3-gensim and python3-torch live), not a pyenv shim. */
export const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
