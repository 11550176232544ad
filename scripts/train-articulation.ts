import { readFileSync } from "node:fs";
import { Command } from "commander";
import { z } from "zod";
import { env } from "../lib/env";
import { getDb } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { AppError } from "../lib/errors";
import { institutionCodeSchema } from "../lib/institution";
import { KnownFileError, parseKnownFile } from "../lib/models/articulation-known";
import { runArticulation } from "../lib/models/articulation-pipeline";
import { formatDuration } from "./cli/progress";
import { abortOnSignals, exitOnTrainingFailure, trainingProgress } from "./cli/training";
import { parseFlags } from "./cli/flags";

const raw = new Command()
  .name("train:articulation")
  .description(
    "Propose articulations: for each course of --from (a partner college), ranked courses of --to that it may count as. " +
      "Learns a translation between the two institutions' active course2vec runs from the known pairs (the file, plus accepted " +
      "decisions from /staff/articulation, minus rejected ones), adds catalog-description, title, number and neighbour signals, " +
      "weighs them by cross-validation on the known pairs, and stores an articulation run (at --to) with its candidates.",
  )
  .requiredOption("--from <code>", "the institution whose courses are articulated (e.g. CC)")
  .requiredOption("--to <code>", "the institution they count at (e.g. UNIV)")
  .requiredOption("--known <file>", "known articulations, CSV with header from_course,to_course")
  .option("--top <n>", "candidates stored per course", "10")
  .option("--folds <n>", "cross-validation folds over the known pairs", "5")
  .option("--seed <n>", "seed of the fold assignment", "1")
  .parse()
  .opts();
const job = parseFlags(
  z.object({
    from: institutionCodeSchema,
    to: institutionCodeSchema,
    known: z.string().min(1),
    top: z.coerce.number().int().min(1).max(50),
    folds: z.coerce.number().int().min(2).max(20),
    seed: z.coerce.number().int(),
  }),
  raw,
);

// The file is read and checked before the database is touched: a bad file writes nothing.
let text: string;
try {
  text = readFileSync(job.known, "utf8");
} catch (err) {
  console.error(`${job.known}: ${(err as Error).message}`);
  process.exit(1);
}
let knownRows;
try {
  knownRows = parseKnownFile(text, job.known);
} catch (err) {
  if (!(err instanceof KnownFileError)) throw err;
  console.error(`${err.message}\nNothing was written.`);
  process.exit(1);
}

await applyMigrations(env.DATABASE_URL);
const db = getDb();
const signal = abortOnSignals();
const progress = trainingProgress("articulation", "steps");
const report = await runArticulation(
  db,
  {
    from: job.from,
    to: job.to,
    knownFile: job.known,
    knownRows,
    top: job.top,
    folds: job.folds,
    seed: job.seed,
  },
  { backend: "cpu (ml-matrix)", progress: { phase: progress.phase }, signal },
).catch(async (err: Error) => {
  // Input problems are found before a run is started: say what is wrong, record nothing.
  if (err instanceof KnownFileError || err instanceof AppError) {
    progress.stop();
    console.error(`${err.message}\nNothing was written.`);
    await db.$disconnect();
    process.exit(1);
  }
  return exitOnTrainingFailure("articulation", db, progress.stop, err, signal);
});
progress.stop();
const f = report.fitted;
const m = f.cv;
const t = f.translation;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(
  `articulation run ${report.runId} (${job.from} → ${job.to}) ${report.activated ? "is now active" : `was NOT activated (${report.reason})`}: ` +
    `${report.fromCourses} courses against ${report.toCourses}, ${report.knownPairs} known pairs ` +
    `(${report.acceptedAdded} accepted decisions added, ${report.rejectedRemoved} rejected removed), ` +
    `translation ${t.kind === "procrustes" ? "orthogonal Procrustes" : `ridge (λ ${t.lambda})`} in ${t.dims} dimensions ` +
    `(best of ${f.trials.length} by cross-validated MRR). Cross-validated on the known pairs (${f.folds} folds, ${m.combined.courses} courses): ` +
    `recall@5 enrollment ${pct(m.enrollment.recallAt5)}, description ${pct(m.description.recallAt5)}, combined ${pct(m.combined.recallAt5)}; ` +
    `MRR combined ${m.combined.mrr.toFixed(3)}. ${report.candidates} candidates stored in ${formatDuration(report.totalMs)}. ` +
    `Evaluate on held-out pairs with npm run evaluate -- --model articulation --heldout FILE.`,
);
await db.$disconnect();
