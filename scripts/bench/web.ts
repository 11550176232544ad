import path from "node:path";
import { readBenchData } from "./bench-data";
import autocannon from "autocannon";
import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { startSite } from "./serve-site";

const raw = new Command()
  .name("bench:web")
  .description(
    "Measure the site with autocannon against `npm start` (build first: npm run build) on a database: course pages rendered server-side, " +
      "the similar-courses API, type-ahead and recommend, one endpoint at a time (npm run bench:load for mixed traffic). Requests come " +
      "from rotating client addresses through one trusted proxy hop, so the per-client rate limits do not apply to the benchmark as a whole.",
  )
  .option("--database <url>", "database to serve", "file:./data/atlas.db")
  .option("--port <n>", "port", "3300")
  .option("--seconds <n>", "seconds per measurement", "10")
  .option("--connections <n>", "concurrent connections per measurement", "1")
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    database: z.string(),
    port: z.coerce.number().int(),
    seconds: z.coerce.number().int().min(1).max(120),
    connections: z.coerce.number().int().min(1).max(200),
  }),
  raw,
);

const { courses, major: majors, hasCourse2Vec, hasRnn } = await readBenchData(o.database, 200);
if (!hasCourse2Vec)
  throw new Error(
    `The database ${o.database} has no active course2vec run: run npm run train:course2vec against it first`,
  );
if (courses.length < 5)
  throw new Error(`The database ${o.database} has too few courses with students: run npm run demo first`);

const base = `http://127.0.0.1:${o.port}`;
const server = await startSite(
  `${path.join(process.cwd(), "node_modules", ".bin", "tsx")} scripts/serve.ts`,
  { DATABASE_URL: o.database, PORT: String(o.port), NODE_ENV: "production", TRUST_PROXY_HOPS: "1" },
  base,
  60,
);

let n = 0;
const next = () => courses[n++ % courses.length]!;
type Req = { method?: "GET" | "POST"; path: string; body?: string; headers?: Record<string, string> };

async function measure(title: string, make: () => Req, connections: number, seconds: number) {
  // Warm up (the first requests load the model and the catalog cache).
  for (let i = 0; i < 5; i++) await fetch(base + make().path).catch(() => {});
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const r = make();
          return {
            ...req,
            ...r,
            headers: { ...r.headers, "x-forwarded-for": `10.1.${n % 250}.${(n >> 8) % 250}` },
          };
        },
      },
    ],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `${title.padEnd(44)} p50 ${String(result.latency.p50).padStart(5)} ms  p99 ${String(result.latency.p99).padStart(5)} ms  ` +
      `${Math.round(result.requests.average).toString().padStart(5)} req/s  ${result.requests.total} requests, ${errors} errors/non-2xx`,
  );
  return result;
}

console.log(
  `bench:web on ${o.database} (${courses.length} popular courses cycled), ${o.connections} connection(s), ${o.seconds} s each`,
);
await measure(
  "course page (server-rendered HTML)",
  () => ({ path: `/courses/${encodeURIComponent(next())}` }),
  o.connections,
  o.seconds,
);
await measure(
  "GET /api/courses/[code]/similar",
  () => ({ path: `/api/courses/${encodeURIComponent(next())}/similar?limit=10` }),
  o.connections,
  o.seconds,
);
await measure(
  "GET /api/courses?q= (type-ahead)",
  () => ({ path: `/api/courses?q=${encodeURIComponent(next().slice(0, 5))}` }),
  o.connections,
  o.seconds,
);
const recommend = (): Req => ({
  method: "POST",
  path: "/api/recommend",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    history: [
      { term: "Fall 2024", courses: [next(), next()] },
      { term: "Spring 2025", courses: [next()] },
    ],
    majors: majors ? [majors] : [],
    limit: 10,
  }),
});
// The recommend API answers 503 without a trained RNN; a database trained for course2vec only
// (e.g. the Berkeley-scale import, where the RNN takes long) still measures the pages.
if (hasRnn) await measure("POST /api/recommend", recommend, o.connections, o.seconds);
else console.log("POST /api/recommend                          skipped: no active RNN run in this database");
server.stop();
process.exit();
