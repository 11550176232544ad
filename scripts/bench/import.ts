import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { BENCH_SCALES, ensureSimulation, median } from "./corpus";

const raw = new Command()
  .name("bench:import")
  .description(
    "Time the importer on a simulated university (default: Berkeley scale, ~165k students and ~9k courses) into a fresh SQLite file; print rows/s and peak memory.",
  )
  .option("--scale <name>", BENCH_SCALES.join(", "), "berkeley")
  .option("--repeats <n>", "imports to run (the median is printed)", "1")
  .parse()
  .opts();
const o = parseFlags(
  z.object({ scale: z.enum(BENCH_SCALES), repeats: z.coerce.number().int().min(1).max(10) }),
  raw,
);

const dir = ensureSimulation(o.scale);
const bytes = fs.statSync(path.join(dir, "enrollments.csv")).size;
type Phase = { phase: string; seconds: number; rssMb: number; heapMb: number; peakMb: number };
const runs: {
  seconds: number;
  enrollments: number;
  students: number;
  courses: number;
  maxRssMb: number;
  phases: Phase[];
}[] = [];
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
for (let i = 0; i < o.repeats; i++) {
  const url = `file:${path.join(dir, "bench-import.db")}`;
  const r = spawnSync(tsx, ["scripts/bench/import-run.ts", dir, url], {
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`import failed:\n${r.stderr}`);
  runs.push(JSON.parse(r.stdout.trim().split("\n").at(-1)!) as (typeof runs)[number]);
  console.error(
    `run ${i + 1}: ${runs.at(-1)!.seconds.toFixed(1)} s, peak ${Math.round(runs.at(-1)!.maxRssMb)} MB`,
  );
}
const p = spawnSync(tsx, ["scripts/bench/import-run.ts", dir, "-", "--parse-only"], { encoding: "utf8" });
if (p.status !== 0) throw new Error(`parse-only run failed:\n${p.stderr}`);
const parseSeconds = (JSON.parse(p.stdout.trim().split("\n").at(-1)!) as { seconds: number }).seconds;
const s = median(runs.map((r) => r.seconds));
const r0 = runs[0]!;
console.log(
  `import (${o.scale}): ${r0.enrollments.toLocaleString()} enrollments (${(bytes / 2 ** 20).toFixed(0)} MiB CSV), ${r0.students.toLocaleString()} students, ${r0.courses.toLocaleString()} courses\n` +
    `  median ${s.toFixed(1)} s over ${runs.length} run(s) = ${Math.round(r0.enrollments / s).toLocaleString()} rows/s; peak memory ${Math.round(Math.max(...runs.map((r) => r.maxRssMb)))} MB\n` +
    `  target at Berkeley scale: at most 90 s and at most 1,024 MB\n` +
    `  where the time goes (run 1; read = parse + validate, parse alone measured separately on enrollments.csv: ${parseSeconds.toFixed(1)} s):\n` +
    runs[0]!.phases
      .map(
        (x) =>
          `    ${x.phase.padEnd(22)} ${x.seconds.toFixed(1).padStart(6)} s   rss ${x.rssMb} MB (JS heap ${x.heapMb} MB), peak so far ${x.peakMb} MB`,
      )
      .join("\n"),
);
