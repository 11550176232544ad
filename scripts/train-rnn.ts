import { Command } from "commander";
import { z } from "zod";
import { env } from "../lib/env";
import { getDb } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { selectBackend } from "../lib/ml/backend";
import { DEFAULT_RNN as D } from "../lib/ml/rnn/params";
import { runRnn } from "../lib/models/rnn-pipeline";
import { formatDuration } from "./cli/progress";
import { abortOnSignals, exitOnTrainingFailure, trainingProgress } from "./cli/training";
import { parseFlags } from "./cli/flags";
import { INSTITUTION_FLAG, resolveInstitutionFlag } from "./cli/institution";

const schema = z.object({
  units: z.coerce.number().int().min(4).max(2048),
  layers: z.coerce.number().int().min(1).max(4),
  embedding: z.coerce.number().int().min(4).max(1024),
  dropout: z.coerce.number().min(0).max(0.9),
  epochs: z.coerce.number().int().min(1).max(500),
  batchSize: z.coerce.number().int().min(1).max(4096),
  learningRate: z.coerce.number().positive().max(1),
  finalLrRatio: z.coerce.number().min(0).max(1),
  seed: z.coerce.number().int(),
  threads: z.coerce.number().int().min(0).max(2),
  termFeatures: z.boolean(),
  historyBag: z.boolean().default(false),
  majorTerm: z.boolean().default(false),
  patience: z.coerce.number().int().min(0).max(100),
  labelSmoothing: z.coerce.number().min(0).max(0.9),
  targetWeighting: z.enum(["term", "course"]),
  minStudents: z.coerce
    .number()
    .int()
    .min(env.MIN_STUDENTS, `must be at least MIN_STUDENTS (${env.MIN_STUDENTS})`),
  minTestStudents: z.coerce.number().int().min(1),
  initFromCourse2vec: z.boolean().default(false),
  guard: z.coerce.number().min(0).max(1),
  evalEvery: z.coerce.number().int().min(0),
  backend: z.enum(["tensorflow", "wasm", "cpu"]).optional(),
});

const raw = new Command()
  .name("train:rnn")
  .description(
    "Train the next-term enrollment LSTM on terms before the test term (the newest term with enough students), evaluate it against popularity, co-occurrence and major baselines, store its weights in the database and activate it.",
  )
  .option("--units <n>", "LSTM units", String(D.units))
  .option("--layers <n>", "stacked LSTM layers", String(D.layers))
  .option("--embedding <n>", "course embedding size", String(D.embedding))
  .option("--dropout <x>", "dropout after each LSTM layer", String(D.dropout))
  .option("--epochs <n>", "epochs", String(D.epochs))
  .option("--batch-size <n>", "students per batch", String(D.batchSize))
  .option("--learning-rate <x>", "Adam learning rate", String(D.learningRate))
  .option(
    "--final-lr-ratio <x>",
    "the learning rate falls linearly to this share of --learning-rate by the last batch",
    String(D.finalLrRatio),
  )
  .option("--seed <n>", "random seed", String(D.seed))
  .option(
    "--threads <n>",
    "threads computing each batch's gradient (1 or 2; 0 = 2 on wasm for 512+ courses)",
    String(D.threads),
  )
  .option("--no-term-features", "leave out the season of the predicted term as an input")
  .option("--history-bag", "add every course taken so far (a second embedding, summed) as an input")
  .option("--major-term", "add a learned vector per major and term of career as an input")
  .option(
    "--patience <n>",
    "early stopping: hold out a tenth of the students of the test term's season a year earlier, stop after n epochs without a better recall@10 on them, keep the best epoch (0 = off)",
    String(D.patience ?? 0),
  )
  .option(
    "--label-smoothing <x>",
    "share of each next-term target spread evenly over all courses (0 = none)",
    String(D.labelSmoothing ?? 0),
  )
  .option(
    "--target-weighting <how>",
    "term: a term's k courses weigh 1/k each in the loss; course: each weighs 1",
    D.targetWeighting ?? "term",
  )
  .option(
    "--min-students <n>",
    "courses with fewer distinct students are left out of the vocabulary",
    String(env.MIN_VECTOR_STUDENTS),
  )
  .option("--min-test-students <n>", "students the test term needs at least", "200")
  .option("--init-from-course2vec", "start the course embedding from the active course2vec vectors")
  .option("--guard <x>", "keep the active run if recall@10 drops by more than this", "0.02")
  .option("--eval-every <n>", "evaluate held-out recall@10 every n epochs (0 = only at the end)", "1")
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
const progress = trainingProgress("rnn", "batches");
const report = await runRnn(db, job, {
  backend,
  institutionId: institution.id,
  signal,
  progress: {
    phase: progress.phase,
    batch: progress.tick,
    epoch: (epoch, loss, recall, validation) => {
      if (!progress.isBarShown)
        console.error(
          `epoch ${epoch}: loss ${loss.toFixed(4)}${recall === null ? "" : `, held-out recall@10 ${recall.toFixed(3)}`}${validation === undefined ? "" : `, validation recall@10 ${validation.toFixed(3)}`}`,
        );
    },
  },
}).catch((err: Error) => exitOnTrainingFailure("rnn", db, progress.stop, err, signal));
progress.stop();
const m = report.metrics;
const b = report.baselines;
const best = Math.max(b.popularity.recallAt10, b.cooccurrence.recallAt10, b.majorAtPoint.recallAt10);
console.log(
  `RNN run ${report.runId} ${report.activated ? "is now active" : `was NOT activated (${report.reason})`}: ${m.vocabSize} courses, ` +
    `${m.trainStudents} training students, test term ${m.testTerm} (${m.model.students} students), ${Math.round(m.samplesPerSecond)} samples/s on ${backend}, ` +
    `${formatDuration(report.totalMs)} in all. Recall@10 ${m.model.recallAt10.toFixed(3)} / MRR@10 ${m.model.mrrAt10.toFixed(3)} ` +
    `(raw, taken courses allowed: ${m.modelRaw.recallAt10.toFixed(3)}); baselines: popularity ${b.popularity.recallAt10.toFixed(3)}, ` +
    `co-occurrence ${b.cooccurrence.recallAt10.toFixed(3)}, major at point ${b.majorAtPoint.recallAt10.toFixed(3)}; ` +
    `${Math.abs((m.model.recallAt10 / Math.max(1e-9, best) - 1) * 100).toFixed(0)}% ${m.model.recallAt10 >= best ? "above" : "BELOW"} the best baseline.`,
);
await db.$disconnect();
