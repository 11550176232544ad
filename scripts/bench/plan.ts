import { Command } from "commander";
import { resolveInstitution } from "../../lib/institution";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { createDb } from "../../lib/db/client";
import { termFromOrdinal } from "../../lib/ingest/terms";
import { programsBySubject } from "../../lib/models/plan-evaluation";
import { loadHistories } from "../../lib/models/read-corpus";
import { getPlanCatalog, planCourses } from "../../lib/queries/plan";
import { createRng } from "../../lib/random";
import { planRequestSchema } from "../../lib/validations/plan";

const TARGET_P50_MS = 300;

const raw = new Command()
  .name("bench:plan")
  .description(
    "Time one plan to graduation (POST /api/plan's work: resolve the request, the beam search with the active LSTM in the loop " +
      "run in the recommend worker pool as the server runs it, reasons) for students sampled from the database, each cut at a random term, and print p50/p90/max against the 300 ms target.",
  )
  .option("--database <url>", "database with an active RNN run", "file:./data/atlas.db")
  .option("--plans <n>", "plans to time", "100")
  .option("--seed <n>", "sampling seed", "1")
  .option("--keep <n>", "history terms kept before the plan (default: a random cut per student)")
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    database: z.string(),
    plans: z.coerce.number().int().min(1).max(10_000),
    seed: z.coerce.number().int(),
    keep: z.coerce.number().int().min(1).optional(),
  }),
  raw,
);

const db = createDb(o.database);
const inst = (await resolveInstitution(db)).id; // benchmarks read the primary institution
const { catalog, prepared } = await getPlanCatalog(db, inst);
const programRows = await db.program.findMany({ include: { requirements: { include: { courses: true } } } });
const programs = programsBySubject(
  programRows.map((p) => ({
    name: p.name,
    requirements: p.requirements.map((r) => ({
      name: r.name,
      count: r.count,
      courses: r.courses.flatMap((c) => prepared.indexOf.get(c.courseId) ?? []),
    })),
  })),
  (c) => prepared.plan.courses[c]!.subject,
);
const rng = createRng(o.seed);
const students = rng
  .shuffle(
    (await loadHistories(db, inst)).filter(
      (h) => h.terms.length >= 2 && h.majors.some((m) => programs.has(m)),
    ),
  )
  .slice(0, o.plans + 3);
const requests = students.map((h) => {
  const cut = o.keep ? Math.min(o.keep, h.terms.length - 1) : 1 + rng.int(h.terms.length - 1);
  return planRequestSchema.parse({
    history: h.terms.slice(0, cut).map((t) => ({
      term: termFromOrdinal(t.ordinal).label,
      courses: t.courses.map((id) => catalog.byId.get(id)!.code).slice(0, 20),
    })),
    majors: h.majors.filter((m) => programs.has(m)).slice(0, 4),
    program: programs.get(h.majors.find((m) => programs.has(m))!)!.name,
  });
});
const times: number[] = [];
let budgetHits = 0;
let terms = 0;
let unfinished = 0;
for (const [i, req] of requests.entries()) {
  const t0 = performance.now();
  const res = await planCourses(db, inst, req);
  const ms = performance.now() - t0;
  if (i < 3) continue; // warm-up: the model and catalog load once per process and worker thread
  times.push(ms);
  if (res.plan.stats.budgetHit) budgetHits++;
  terms += res.terms.length;
  if (res.unmet.length) unfinished++;
}
await db.$disconnect();
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
const n = times.length;
console.log(
  `${n} plans on ${o.database} (${prepared.plan.courses.length} courses): p50 ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${q(1).toFixed(1)} ms ` +
    `(target p50 <= ${TARGET_P50_MS} ms: ${(q(0.5) / TARGET_P50_MS).toFixed(2)}x of it)`,
);
console.log(
  `${(terms / n).toFixed(1)} terms a plan on average; ${unfinished} of ${n} left a requirement unmet; ${budgetHits} reached the search's time budget and finished greedily`,
);
