// One timed import into a fresh database; prints JSON. Run by scripts/bench/import.ts in its own process
// so that peak memory (maxRSS) is the import's alone.
import { createDb } from "../../lib/db/client";
import { resetDatabase } from "../../lib/db/migrate";
import { importUniversity } from "../../lib/ingest";

const [dir, url] = process.argv.slice(2) as [string, string];
await resetDatabase(url);
const db = createDb(url);
const t0 = performance.now();
const summary = await importUniversity(
  db,
  {
    catalog: `${dir}/courses.csv`,
    enrollments: `${dir}/enrollments.csv`,
    requirements: `${dir}/requirements.csv`,
  },
  { salt: "bench-salt-0123456789abcdef", minStudents: 10 },
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
  }),
);
