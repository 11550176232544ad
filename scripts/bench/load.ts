import fs from "node:fs";
import { readBenchData } from "./bench-data";
import autocannon from "autocannon";
import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { startSite } from "./serve-site";

const raw = new Command()
  .name("bench:load")
  .description(
    "Load test of the built site (npm run build first) on 127.0.0.1: mixed traffic (course pages, similar-courses API, " +
      "type-ahead, recommend) at 50 and 200 connections, then the hostile case: 8 large valid recommend requests at once " +
      "while a course page is timed. Requests come from 999 simulated client addresses through one trusted proxy hop " +
      "(X-Forwarded-For, TRUST_PROXY_HOPS=1), as behind a campus load balancer.",
  )
  .option("--database <url>", "database to serve", "file:./data/atlas.db")
  .option("--port <n>", "port", "3300")
  .option("--seconds <n>", "seconds per mixed measurement", "20")
  .option("--connections <list>", "connection counts for the mixed measurements", "50,200")
  .option("--server <command>", "command that serves the site on $PORT", "npm start")
  .option("--rounds <n>", "hostile rounds (each: 8 large recommends, course pages timed during them)", "5")
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    database: z.string(),
    port: z.coerce.number().int().min(1024).max(65535),
    seconds: z.coerce.number().int().min(1).max(120),
    connections: z
      .string()
      .transform((s) => s.split(",").map(Number))
      .pipe(z.array(z.number().int().min(1).max(500)).min(1)),
    server: z.string().min(1),
    rounds: z.coerce.number().int().min(1).max(50),
  }),
  raw,
);

const { courses, major, hasRnn, hasCourse2Vec: hasC2v } = await readBenchData(o.database, 300);
if (!hasC2v || courses.length < 60)
  throw new Error(
    `${o.database} needs a trained course2vec run and 60+ popular courses: run npm run demo first`,
  );

const base = `http://127.0.0.1:${o.port}`;
const server = await startSite(
  o.server,
  { DATABASE_URL: o.database, PORT: String(o.port), TRUST_PROXY_HOPS: "1" },
  base,
  120,
);

let n = 0;
const pick = () => courses[n++ % courses.length]!;
let c = 0;
// 999 simulated students' addresses, as a campus load balancer would report them. 999, not 1,000:
// the mix cycles through 4 request kinds, and a count divisible by 4 would give every recommend to
// the same quarter of the clients (and so trip their rate limit, which a real crowd would not).
const client = () => {
  c = (c + 1) % 999;
  return `10.0.${c >> 8}.${c & 255}`;
};
type Req = { method?: "GET" | "POST"; path: string; body?: string; headers?: Record<string, string> };
const recommendBody = (history: { term: string; courses: string[] }[]) =>
  JSON.stringify({ history, majors: major ? [major] : [], limit: 10 });
const typical = (): Req => ({
  method: "POST",
  path: "/api/recommend",
  headers: { "content-type": "application/json" },
  body: recommendBody([
    { term: "Fall 2024", courses: [pick(), pick(), pick()] },
    { term: "Spring 2025", courses: [pick(), pick()] },
  ]),
});
// The largest request the API accepts: 40 terms of 20 courses drawn from 60 distinct courses.
const distinct = courses.slice(0, 60);
const large = recommendBody(
  Array.from({ length: 40 }, (_, t) => ({
    term: `${["Spring", "Fall"][t % 2]} ${1990 + Math.floor(t / 2)}`,
    courses: Array.from({ length: 20 }, (_, k) => distinct[(t * 20 + k) % 60]!),
  })),
);

let k = 0;
const mixed = (): Req => {
  k++;
  const r: Req =
    k % 4 === 0 && hasRnn
      ? typical()
      : k % 4 === 1
        ? { path: `/courses/${encodeURIComponent(pick())}` }
        : k % 4 === 2
          ? { path: `/api/courses/${encodeURIComponent(pick())}/similar?limit=10` }
          : { path: `/api/courses?q=${encodeURIComponent(pick().slice(0, 4 + (k % 3)))}` };
  return { ...r, headers: { ...r.headers, "x-forwarded-for": client() } };
};

async function measureMixed(connections: number) {
  const refusals = new Map<string, number>();
  const result = await autocannon({
    url: base,
    connections,
    duration: o.seconds,
    requests: [
      {
        setupRequest: (req) => ({ ...req, ...mixed() }),
        // Which refusal each error was (the JSON body's code): a full worker queue, a rate limit, an unreachable database.
        onResponse: (status: number, body: string) => {
          if (status < 400) return;
          let code = "?";
          try {
            const e = JSON.parse(body) as { code?: string; error?: string };
            code = `${e.code ?? "?"} (${(e.error ?? "").split(" ").slice(0, 4).join(" ")}…)`;
          } catch {
            // not JSON (a page)
          }
          refusals.set(`${status} ${code}`, (refusals.get(`${status} ${code}`) ?? 0) + 1);
        },
      },
    ],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  const codes = [...refusals]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${n}× ${code}`)
    .join(", ");
  console.log(
    `mixed, ${String(connections).padStart(3)} connections, ${o.seconds} s: ${Math.round(
      result.requests.average,
    )
      .toString()
      .padStart(
        5,
      )} req/s  p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(5)} ms  ` +
      `${result.requests.total} requests, ${errors} errors (${result.timeouts} timeouts, ${result.non2xx} non-2xx${codes ? `: ${codes}` : ""})`,
  );
  return errors;
}

async function timePage(): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}/courses/${encodeURIComponent(pick())}`, {
    headers: { "x-forwarded-for": "10.9.9.9" },
  });
  await res.text();
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measureHostile() {
  const quiet: number[] = [];
  for (let i = 0; i < 20; i++) quiet.push(await timePage());
  const busy: number[] = [];
  const statuses = new Map<number, number>();
  let slowest = 0;
  for (let r = 0; r < o.rounds; r++) {
    const t = performance.now();
    const hostile = Array.from({ length: 8 }, () =>
      fetch(`${base}/api/recommend`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.66.6.6" },
        body: large,
      }).then(async (res) => {
        await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }),
    );
    // Course pages timed one after another while the 8 requests are in flight.
    let done = false;
    const all = Promise.all(hostile).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    do busy.push(await timePage());
    while (!done);
    await all;
    slowest = Math.max(slowest, performance.now() - t);
    await new Promise((r) => setTimeout(r, 300));
  }
  const q = median(quiet);
  const worst = Math.max(...busy);
  console.log(
    `hostile: 8 large recommends at once (${(large.length / 1024).toFixed(1)} KB each, ${o.rounds} rounds; answers ${[
      ...statuses,
    ]
      .map(([s, c]) => `${c}× ${s}`)
      .join(", ")}; the 8 took up to ${Math.round(slowest)} ms)`,
  );
  console.log(
    `  course page quiet p50 ${q.toFixed(0)} ms; during: p50 ${median(busy).toFixed(0)} ms, worst ${worst.toFixed(0)} ms ` +
      `over ${busy.length} pages → delay p50 ${(median(busy) - q).toFixed(0)} ms, worst ${(worst - q).toFixed(0)} ms`,
  );
}

/** CPU seconds used so far by the server's process group (every process and thread), from /proc. */
function serverCpuSeconds(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Fields after the name: state ppid pgrp … utime (12th) stime (13th) cutime cstime.
      if (Number(f[2]) === server.group) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

/**
 * Server CPU per request of one kind (4 at a time): unlike latency on a shared machine, it does not
 * depend on what else runs there. "first": the first time each of `count` requests is asked (no
 * response cache holds it yet); "repeated": the same requests again, after four more passes, so that
 * the caches of every server process hold them (the cluster hands requests out in turn).
 */
async function measureCost(title: string, make: () => Req, count = 200) {
  const reqs = Array.from({ length: count }, make);
  const cpuPerRequest = async () => {
    const before = serverCpuSeconds();
    const errors = await send(reqs);
    return { ms: ((serverCpuSeconds() - before) * 1000) / count, errors };
  };
  const first = await cpuPerRequest();
  for (let i = 0; i < 4; i++) await send(reqs);
  const repeated = await cpuPerRequest();
  const errors = first.errors + repeated.errors;
  console.log(
    `cost: ${title.padEnd(34)} first ${first.ms.toFixed(1).padStart(5)} ms, repeated ${repeated.ms.toFixed(1).padStart(5)} ms ` +
      `server CPU per request${errors ? ` (${errors} not 200)` : ""}`,
  );
}

async function send(reqs: Req[]): Promise<number> {
  let i = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let r = reqs[i++]; r; r = reqs[i++]) {
        const res = await fetch(base + r.path, {
          method: r.method,
          body: r.body,
          headers: { ...r.headers, "x-forwarded-for": client() },
        });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      }
    }),
  );
  return errors;
}

console.log(
  `bench:load on ${o.database} via "${o.server}" (${courses.length} popular courses cycled${hasRnn ? "" : ", no RNN: recommend skipped"})`,
);
// Warm up: the first requests load the catalog, the models and the caches.
for (let i = 0; i < 40; i++) {
  const r = mixed();
  await fetch(base + r.path, { method: r.method, headers: r.headers, body: r.body }).catch(() => {});
}
await measureCost("course page", () => ({ path: `/courses/${encodeURIComponent(pick())}` }));
await measureCost("similar API", () => ({
  path: `/api/courses/${encodeURIComponent(pick())}/similar?limit=10`,
}));
await measureCost("type-ahead", () => ({ path: `/api/courses?q=${encodeURIComponent(pick().slice(0, 5))}` }));
if (hasRnn) {
  await measureCost("recommend, 2 terms / 5 courses", typical);
  await measureCost(
    "recommend, 40 terms / 60 courses",
    () => ({
      method: "POST",
      path: "/api/recommend",
      headers: { "content-type": "application/json" },
      body: large,
    }),
    40,
  );
}
let errors = 0;
for (const c of o.connections) errors += await measureMixed(c);
if (hasRnn) await measureHostile();
server.stop();
process.exit(errors > 0 ? 1 : 0);
