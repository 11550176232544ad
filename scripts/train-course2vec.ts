import { Command } from "commander";
import { z } from "zod";
import { env } from "../lib/env";
import { getDb } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { selectBackend } from "../lib/ml/backend";
import { DEFAULT_COURSE2VEC as D } from "../lib/ml/course2vec/params";
import { runCourse2Vec } from "../lib/models/course2vec-pipeline";
import { formatDuration } from "./cli/progress";
import { abortOnSignals, exitOnTrainingFailure, trainingProgress } from "./cli/training";
import { parseFlags } from "./cli/flags";
import { INSTITUTION_FLAG, resolveInstitutionFlag } from "./cli/institution";

const schema = z.object({
  dim: z.coerce.number().int().min(2).max(1024),
  window: z.coerce.number().int().min(1).max(50),
  negatives: z.coerce.number().int().min(1).max(50),
  subsample: z.coerce.number().min(0).max(1),
  steps: z.coerce.number().int().min(1).max(100_000),
  learningRate: z.coerce.number().positive().max(1),
  shuffles: z.coerce.number().int().min(1).max(100),
  blockRows: z.coerce.number().int().min(16).max(16_384),
  seed: z.coerce.number().int(),
  threads: z.union([z.literal("auto").transform(() => 0), z.coerce.number().int().min(1).max(64)]),
  lossEvery: z.coerce.number().int().min(1),
  finalLrRatio: z.coerce.number().min(0).max(1),
  weightDecay: z.coerce.number().min(0).max(10),
  beta2: z.coerce.number().min(0).max(0.9999),
  init: z.enum(["svd", "random"]),
  powerIterations: z.coerce.number().int().min(0).max(20),
  svdShift: z.coerce.number().positive().max(100),
  svdPower: z.coerce.number().min(0).max(1),
  contextMass: z.union([z.literal("auto").transform(() => 0), z.coerce.number().positive().max(1)]),
  stopTolerance: z.coerce.number().min(0).max(1),
  factors: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(["subject", "major"]))),
  minStudents: z.coerce
    .number()
    .int()
    .min(env.MIN_STUDENTS, `must be at least MIN_STUDENTS (${env.MIN_STUDENTS})`),
  topK: z.coerce.number().int().min(1).max(500),
  guard: z.coerce.number().min(0).max(1),
  backend: z.enum(["tensorflow", "wasm", "cpu"]).optional(),
});

const raw = new Command()
  .name("train:course2vec")
  .description(
    "Learn course2vec embeddings (skip-gram with negative sampling over students' term-ordered courses), then write similar courses, subject relationships and the map; the run becomes active once evaluated.",
  )
  .option("--dim <n>", "vector dimensions", String(D.dim))
  .option("--window <n>", "context window in courses", String(D.window))
  .option("--negatives <n>", "negative samples per positive", String(D.negatives))
  .option("--subsample <t>", "frequent-course subsampling threshold (0 = off)", String(D.subsample))
  .option(
    "--steps <n>",
    "full-batch Adam steps over the aggregated pair counts, at most (see --stop-tolerance)",
    String(D.steps),
  )
  .option("--learning-rate <x>", "Adam learning rate", String(D.learningRate))
  .option(
    "--final-lr-ratio <x>",
    "the learning rate decays linearly to this fraction of its start (1 = constant)",
    String(D.finalLrRatio),
  )
  .option(
    "--weight-decay <x>",
    "decoupled (AdamW) weight decay on the course and context vectors",
    String(D.weightDecay),
  )
  .option(
    "--beta2 <x>",
    "Adam's decay of the squared-gradient average (lower adapts the step size to the shrinking gradient sooner)",
    String(D.beta2),
  )
  .option(
    "--init <how>",
    "start from svd (truncated SVD of the shifted positive PMI matrix) or random (word2vec's)",
    D.init,
  )
  .option("--power-iterations <n>", "power iterations of the randomized SVD start", String(D.powerIterations))
  .option(
    "--svd-shift <k>",
    "PMI shift of the SVD start: log(k) is subtracted before the positive part",
    String(D.svdShift),
  )
  .option(
    "--svd-power <p>",
    "the SVD start's course vectors are U Σ^p (context vectors V Σ^(1-p))",
    String(D.svdPower),
  )
  .option(
    "--context-mass <x>",
    "train against the most frequent courses holding this share of all enrollments as contexts (1 = all; auto: 0.9 from 2,048 courses, else 1)",
    "auto",
  )
  .option(
    "--stop-tolerance <x>",
    "stop once the loss falls by less than this fraction per step between loss evaluations (0 = run all steps)",
    String(D.stopTolerance),
  )
  .option("--shuffles <n>", "within-term shuffles averaged when counting pairs", String(D.shuffles))
  .option(
    "--block-rows <n>",
    "rows of the co-occurrence matrix per block (memory vs speed)",
    String(D.blockRows),
  )
  .option("--seed <n>", "random seed", String(D.seed))
  .option(
    "--threads <n>",
    "threads computing the gradient, each with its own wasm instance (auto: 2 on wasm for 512+ courses)",
    "auto",
  )
  .option(
    "--loss-every <n>",
    "compute the full loss every n steps (it costs about half a step)",
    String(D.lossEvery),
  )
  .option("--factors <list>", "multi-factor tokens: subject,major (empty = plain course2vec)", "")
  .option(
    "--min-students <n>",
    "courses with fewer distinct students get no vector",
    String(env.MIN_VECTOR_STUDENTS),
  )
  .option("--top-k <n>", "similar courses stored per course", "50")
  .option("--guard <x>", "keep the active run if subject P@10 drops by more than this", "0.05")
  .option("--backend <name>", "force a TF.js backend: tensorflow, wasm or cpu")
  .option(...INSTITUTION_FLAG)
  .parse()
  .opts();
const job = parseFlags(schema, raw);

await applyMigrations(env.DATABASE_URL);
const backend = await selectBackend(job.backend ?? env.TFJS_BACKEND);
const db = getDb();
const institution = await resolveInstitutionFlag(db, raw.institution);
const signal = abortOnSignals();
const started = Date.now();
const progress = trainingProgress("course2vec", "steps");
const report = await runCourse2Vec(db, job, {
  backend,
  institutionId: institution.id,
  progress: { phase: progress.phase, step: progress.tick },
  signal,
}).catch((err: Error) => exitOnTrainingFailure("course2vec", db, progress.stop, err, signal));
progress.stop();
const m = report.metrics;
const b = report.baseline;
console.log(
  `course2vec run ${report.runId} ${report.activated ? "is now active" : `was NOT activated (${report.reason})`}: ` +
    `${report.vocabSize} courses, ${job.dim}-d, ${report.steps} steps (${job.init} start) on ${backend} in ${formatDuration(report.totalMs)} ` +
    `(counting ${formatDuration(report.countMs)}, training ${formatDuration(report.trainMs)}). ` +
    `Subject P@10 ${m.subjectPrecisionAt10.toFixed(3)} (PMI baseline ${b.subjectPrecisionAt10.toFixed(3)}); ` +
    (m.crossListedPairs === 0
      ? "no cross-listed pairs in the catalog to check. "
      : `cross-listed partners: median rank ${m.crossListMedianRank} (baseline ${b.crossListMedianRank}), ` +
        `${(m.crossListTop10 * 100).toFixed(0)}% in the top 10 (baseline ${(b.crossListTop10 * 100).toFixed(0)}%) over ${m.crossListedPairs} pairs. `) +
    `Total ${formatDuration(Date.now() - started)}.`,
);
await db.$disconnect();
