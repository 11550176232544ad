// One timed import into a fresh database; prints JSON. Run by scripts/bench/import.ts in its own process
// so that peak memory (maxRSS) is the import's alone. `--parse-only` times csv-parse alone on the
// enrollments (no validation, no database), to split the read phase into parse and validate.
import fs from "node:fs";
import { parse } from "csv-parse";
import { createDb } from "../../lib/db/client";
import { resetDatabase } from "../../lib/db/migrate";
import { importUniversity } from "../../lib/ingest";

const [dir, url, mode] = process.argv.slice(2) as [string, string, string | undefined];
const mb = (kb: number) => Math.round(kb / 1024);

if (mode === "--parse-only") {
  const t0 = performance.now();
  let rows = 0;
  const parser = fs
    .createReadStream(`${dir}/enrollments.csv`)
    .pipe(parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }));
  for await (const _ of parser) rows++;
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, rows }));
  process.exit(0);
}

await resetDatabase(url);
const db = createDb(url);
const t0 = performance.now();
let last = t0;
const phases: { phase: string; seconds: number; rssMb: number; heapMb: number; peakMb: number }[] = [];
const summary = await importUniversity(
  db,
  {
    catalog: `${dir}/courses.csv`,
    enrollments: `${dir}/enrollments.csv`,
    requirements: `${dir}/requirements.csv`,
  },
  {
    salt: "bench-salt-0123456789abcdef",
    minStudents: 10,
    onPhase: (phase) => {
      const now = performance.now();
      phases.push({
        phase,
        seconds: (now - last) / 1000,
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
        heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        peakMb: mb(process.resourceUsage().maxRSS),
      });
      last = now;
    },
  },
);
const seconds = (performance.now() - t0) / 1000;
await db.$disconnect();
console.log(
  JSON.stringify({
    seconds,
    enrollments: summary.enrollments,
    students: summary.students,
    courses: summary.courses,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    phases,
  }),
);
