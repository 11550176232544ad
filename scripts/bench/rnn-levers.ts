import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { selectBackend } from "../../lib/ml/backend";
import { predictNextLastStep } from "../../lib/ml/rnn/infer";
import { buildRnn } from "../../lib/ml/rnn/model";
import { DEFAULT_RNN } from "../../lib/ml/rnn/params";
import { trainRnn } from "../../lib/ml/rnn/train";
import {
  cooccurrenceScores,
  majorAtPointCounts,
  majorAtPointScores,
  popularityScores,
  rankingMetrics,
  transitionCounts,
} from "../../lib/ml/next-term-eval";
import { buildRnnData } from "../../lib/models/rnn-data";
import { baselineMetrics } from "../../lib/models/rnn-pipeline";
import { createRng } from "../../lib/random";
import type { Sequence } from "../../lib/ml/sequences";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { ensureSimulation, loadBenchCorpus } from "./corpus";
import { EarlyStopping, VALIDATION_SHARE, validationRecall } from "../../lib/models/rnn-early-stop";
import { DEFAULT_COURSE2VEC } from "../../lib/ml/course2vec/params";
import { trainCourse2Vec } from "../../lib/ml/course2vec/train";
import { tf } from "../../lib/ml/backend";
import { simulatorOracle } from "./rnn-oracle";

const raw = new Command()
  .name("bench:rnn-levers")
  .description(
    "Trains the next-term LSTM with one setting on a simulated university, with and without majors, and prints held-out " +
      "recall@10 after every epoch beside the best baseline's, plus the training time: one row of the lever table in docs/benchmarks.md.",
  )
  .option("--scale <name>", "small, demo or berkeley", "demo")
  .option("--majors <which>", "with, without or both", "both")
  .option("--epochs <n>", "epochs", String(DEFAULT_RNN.epochs))
  .option("--batch-size <n>", "students per batch", String(DEFAULT_RNN.batchSize))
  .option("--learning-rate <x>", "Adam learning rate", String(DEFAULT_RNN.learningRate))
  .option(
    "--final-lr-ratio <x>",
    "learning rate at the last batch, as a share of the first",
    String(DEFAULT_RNN.finalLrRatio ?? 1),
  )
  .option("--units <n>", "LSTM units", String(DEFAULT_RNN.units))
  .option("--layers <n>", "LSTM layers", String(DEFAULT_RNN.layers))
  .option("--dropout <x>", "dropout", String(DEFAULT_RNN.dropout))
  .option("--embedding <n>", "course embedding size", String(DEFAULT_RNN.embedding))
  .option("--seed <n>", "model seed", String(DEFAULT_RNN.seed))
  .option(
    "--patience <n>",
    "early stopping: stop after n epochs without a better validation recall@10, keep the best (0 = off)",
    String(DEFAULT_RNN.patience ?? 0),
  )
  .option(
    "--init-from-course2vec",
    "start the course embedding from course2vec trained on the training terms",
  )
  .option("--no-post-hoc", "skip the blend and prerequisite-mask analysis")
  .option(
    "--oracle <draws>",
    "instead of training: the best recall@10 any model could reach, from the simulator's own draws of each test-term student's term (hidden state and load included), n draws a student",
    "0",
  )
  .option("--history-bag", "the taken-so-far embedding as an extra LSTM input")
  .option("--major-term", "a learned vector per major and term of career as an extra LSTM input")
  .option(
    "--label-smoothing <x>",
    "share of each next-term target spread over all courses",
    String(DEFAULT_RNN.labelSmoothing ?? 0),
  )
  .option(
    "--target-weighting <how>",
    "term (a term's k courses weigh 1/k each) or course (each weighs 1)",
    DEFAULT_RNN.targetWeighting ?? "term",
  )
  .option(
    "--requirement-weight <x>",
    "weight of the student's majors' requirement courses in the loss's target, relative to the others (with majors)",
    "1",
  )
  .option(
    "--guess-majors",
    "without majors: give the model the guessed major (the subject most of the history's courses are in) as its majors input",
  )
  .option("--no-term-features", "without the predicted term's season as an LSTM input")
  .option("--eval-students <n>", "test-term students evaluated (seeded random sample; 0 = all)", "0")
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    scale: z.enum(["small", "demo", "berkeley"]),
    majors: z.enum(["with", "without", "both"]),
    epochs: z.coerce.number().int().min(1),
    batchSize: z.coerce.number().int().min(1),
    learningRate: z.coerce.number().positive(),
    finalLrRatio: z.coerce.number().min(0).max(1),
    units: z.coerce.number().int().min(4),
    layers: z.coerce.number().int().min(1),
    dropout: z.coerce.number().min(0).max(0.9),
    historyBag: z.boolean().default(false),
    majorTerm: z.boolean().default(false),
    labelSmoothing: z.coerce.number().min(0).max(0.9),
    targetWeighting: z.enum(["term", "course"]),
    requirementWeight: z.coerce.number().positive(),
    guessMajors: z.boolean().default(false),
    termFeatures: z.boolean(),
    embedding: z.coerce.number().int().min(4),
    seed: z.coerce.number().int(),
    patience: z.coerce.number().int().min(0),
    initFromCourse2vec: z.boolean().default(false),
    postHoc: z.boolean(),
    oracle: z.coerce.number().int().min(0),
    evalStudents: z.coerce.number().int().min(0),
  }),
  raw,
);

await selectBackend();
const simDir = ensureSimulation(o.scale);
const corpus = await loadBenchCorpus(simDir);
// Prerequisites by catalog row (the corpus's course id), for the "prerequisites met" mask.
const catalogRows = parse<{ course: string; prerequisites: string; subject: string; subject_name: string }>(
  fs.readFileSync(path.join(simDir, "courses.csv")),
  { columns: true },
);
const rowOf = new Map(catalogRows.map((r, i) => [r.course, i]));
const prereqsOf = catalogRows.map((r) =>
  r.prerequisites
    .split(";")
    .filter(Boolean)
    .flatMap((c) => rowOf.get(c) ?? []),
);
// The requirement courses (catalog rows) of each major, through its program "<subject name> BA"
// (the simulator's naming; --requirement-weight only).
const requirementRows = new Map<string, Set<number>>();
if (o.requirementWeight !== 1) {
  const nameOf = new Map(catalogRows.map((r) => [r.subject, r.subject_name]));
  const rows = parse<{ program: string; course: string }>(
    fs.readFileSync(path.join(simDir, "requirements.csv")),
    {
      columns: true,
    },
  );
  for (const subject of nameOf.keys()) {
    const program = `${nameOf.get(subject)} BA`;
    requirementRows.set(
      subject,
      new Set(rows.filter((r) => r.program === program).flatMap((r) => rowOf.get(r.course) ?? [])),
    );
  }
}
const params = { ...DEFAULT_RNN, ...o, threads: 0 };
// The simulator's draws do not depend on whether the export has majors (nor do the cases): drawn once.
let oracleScores: Float32Array[] | undefined;
for (const withMajors of o.majors === "both" ? [true, false] : [o.majors === "with"]) {
  const histories = withMajors ? corpus.histories : corpus.histories.map((h) => ({ ...h, majors: [] }));
  const data = buildRnnData(
    histories,
    20,
    200,
    o.patience > 0 ? { validationShare: VALIDATION_SHARE, seed: o.seed } : {},
  );
  if (o.evalStudents > 0)
    data.cases = createRng(42)
      .shuffle([...data.cases])
      .slice(0, o.evalStudents);
  const V = data.vocab.ids.length;
  const base = baselineMetrics(data);
  const best0 = Math.max(
    base.popularity.recallAt10,
    base.cooccurrence.recallAt10,
    base.majorAtPoint.recallAt10,
  );
  const label = `${o.scale}, ${withMajors ? "with" : "without"} majors`;
  // Without majors, the major a registrar would have recorded is guessed from the history: the
  // subject most of its courses belong to (a baseline the export's lack of majors does not blind).
  const subjectOf = data.vocab.ids.map((id) => corpus.courses[id]!.subject);
  const subjects = [...new Set(subjectOf)];
  const guessMajor = (s: Sequence): Sequence => {
    const n = new Map<string, number>();
    for (const c of s.terms.flat()) n.set(subjectOf[c]!, (n.get(subjectOf[c]!) ?? 0) + 1);
    const top = [...n].sort((a, b) => b[1] - a[1])[0]?.[0];
    return { ...s, majors: top === undefined ? [] : [subjects.indexOf(top)] };
  };
  const guessed = (() => {
    const popV = popularityScores(data.train, data.vocab.ids.length);
    const table = majorAtPointCounts(data.train.map(guessMajor), data.vocab.ids.length);
    return rankingMetrics(
      data.cases,
      data.cases.map((c) => majorAtPointScores(guessMajor(c.history), table, data.vocab.ids.length, popV)),
      data.offered,
      true,
    ).recallAt10;
  })();
  console.log(
    `${label}: ${data.train.length} students, ${data.cases.length} evaluated, ${V} courses; baselines popularity ${base.popularity.recallAt10.toFixed(3)}, co-occurrence ${base.cooccurrence.recallAt10.toFixed(3)}, same major & point ${base.majorAtPoint.recallAt10.toFixed(3)}, guessed major & point ${guessed.toFixed(3)}`,
  );
  const best = Math.max(best0, guessed);
  if (o.guessMajors && !withMajors) {
    // The guessed major in place of the missing column: training sequences from their training
    // terms, evaluation histories from the terms before the one asked about.
    data.train = data.train.map(guessMajor);
    data.cases = data.cases.map((c) => ({ ...c, history: guessMajor(c.history) }));
    if (data.validation)
      data.validation.cases = data.validation.cases.map((c) => ({ ...c, history: guessMajor(c.history) }));
    data.majors = subjects;
    console.log(`  majors input: the guessed major (${subjects.length} subjects)`);
  }
  if (o.requirementWeight !== 1 && withMajors) {
    let weighted = 0;
    let all = 0;
    data.train = data.train.map((s) => {
      const req = new Set(s.majors.flatMap((j) => [...(requirementRows.get(data.majors[j]!) ?? [])]));
      const targetWeights = s.terms.map((t) => {
        const w = t.map((c) => (req.has(data.vocab.ids[c]!) ? o.requirementWeight : 1));
        weighted += w.filter((x) => x !== 1).length;
        all += w.length;
        const sum = w.reduce((a, x) => a + x, 0);
        return o.targetWeighting === "course" ? w : w.map((x) => x / sum);
      });
      return { ...s, targetWeights };
    });
    console.log(
      `  requirement courses of the student's majors weigh ${o.requirementWeight}x in the target: ${((100 * weighted) / all).toFixed(1)}% of training enrollments`,
    );
  }
  const M = Math.max(1, data.majors.length);
  if (o.oracle > 0) {
    oracleScores ??= simulatorOracle(o.scale, simDir, corpus, histories, data, o.oracle);
    const bound = rankingMetrics(data.cases, oracleScores, data.offered, true).recallAt10;
    console.log(
      `  oracle (the simulator's own choice of each student's test term, ${o.oracle} draws a student, true load): recall@10 ${bound.toFixed(3)} (${(bound / best).toFixed(3)}x best baseline)`,
    );
    continue;
  }
  const model = buildRnn(V, M, params);
  if (o.initFromCourse2vec) await initFromCourse2vec(model, data.train, V, o.embedding);
  const stopper = o.patience > 0 && data.validation ? new EarlyStopping(o.patience) : null;
  if (stopper)
    console.log(
      `  early stopping on ${data.validation!.cases.length} validation students (term ordinal ${data.validation!.term}), patience ${o.patience}`,
    );
  const scores = () =>
    predictNextLastStep(
      model,
      data.cases.map((c) => c.history),
      M,
    );
  let trainSeconds = 0;
  const cpu0 = process.cpuUsage();
  await trainRnn(model, data.train, V, M, params, {
    onEpoch: (r) => {
      trainSeconds += r.seconds;
      const recall = rankingMetrics(data.cases, scores(), data.offered, true).recallAt10;
      const cpu = process.cpuUsage(cpu0);
      const valid = stopper ? validationRecall(model, data) : null;
      console.log(
        `  epoch ${r.epoch}: ${trainSeconds.toFixed(1)} s (process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, evaluation included), loss ${r.loss.toFixed(4)}, recall@10 ${recall.toFixed(3)} (${(recall / best).toFixed(3)}x best baseline)${valid === null ? "" : `, validation ${valid.toFixed(3)}`}`,
      );
      return stopper ? stopper.observe(r.epoch, valid!, model) : undefined;
    },
  });
  if (stopper) {
    stopper.restore(model);
    const recall = rankingMetrics(data.cases, scores(), data.offered, true).recallAt10;
    console.log(
      `  kept epoch ${stopper.bestEpoch} (validation ${stopper.best.toFixed(3)}): recall@10 ${recall.toFixed(3)} (${(recall / best).toFixed(3)}x best baseline)`,
    );
  }
  if (!o.postHoc) {
    model.dispose();
    continue;
  }
  // How much a blend with the baselines could add: log p + a · log(share of the baseline), the
  // weight a chosen on the test term itself (an upper bound, not a result).
  const lstm = scores();
  const pop = popularityScores(data.train, V);
  const T = transitionCounts(data.train, V);
  const table = majorAtPointCounts(data.train, V);
  const blendWith = (name: string, score: (i: number) => Float32Array) => {
    const extra = data.cases.map((_, i) => {
      const s = score(i);
      let sum = 0;
      for (const x of s) sum += x;
      return s.map((x) => Math.log(x / sum + 1e-6));
    });
    const row: string[] = [];
    for (const a of [0.1, 0.25, 0.5, 1]) {
      const blended = lstm.map((p, i) => p.map((x, c) => Math.log(x + 1e-9) + a * extra[i]![c]!));
      row.push(`${a}: ${rankingMetrics(data.cases, blended, data.offered, true).recallAt10.toFixed(3)}`);
    }
    console.log(`  blend with ${name} (weight: recall@10): ${row.join(", ")}`);
  };
  // The catalog's prerequisites as an output mask, for the model and the baselines alike: a course
  // whose listed prerequisites are not all in the history (as far as the vocabulary sees) is out.
  const inVocab = new Set(data.vocab.ids);
  const eligible = data.cases.map((c) => {
    const had = new Set(c.history.terms.flat().map((i) => data.vocab.ids[i]!));
    return Uint8Array.from(data.vocab.ids, (id) =>
      prereqsOf[id]!.every((p) => had.has(p) || !inVocab.has(p)) ? 1 : 0,
    );
  });
  const masked = (s: ArrayLike<number>[]) =>
    s.map((row, i) => Float32Array.from(row as Float32Array, (x, c) => (eligible[i]![c] ? x : -1)));
  const recallOf = (s: ArrayLike<number>[]) => rankingMetrics(data.cases, s, data.offered, true).recallAt10;
  const majorMasked = recallOf(masked(data.cases.map((c) => majorAtPointScores(c.history, table, V, pop))));
  const coocMasked = recallOf(masked(data.cases.map((c) => cooccurrenceScores(c.history, T, V, pop))));
  console.log(
    `  prerequisites-met mask: LSTM ${recallOf(lstm).toFixed(3)} -> ${recallOf(masked(lstm)).toFixed(3)}; same major & point ${base.majorAtPoint.recallAt10.toFixed(3)} -> ${majorMasked.toFixed(3)}; co-occurrence ${base.cooccurrence.recallAt10.toFixed(3)} -> ${coocMasked.toFixed(3)}`,
  );
  blendWith("same major & point", (i) => majorAtPointScores(data.cases[i]!.history, table, V, pop));
  blendWith("co-occurrence", (i) => cooccurrenceScores(data.cases[i]!.history, T, V, pop));
  model.dispose();
}

/** course2vec (the default settings) on the training terms, rescaled to the random start's mean row norm, as the embedding's start. */
async function initFromCourse2vec(model: tf.LayersModel, train: Sequence[], V: number, dim: number) {
  const c2v = await trainCourse2Vec(
    train.map((s) => s.terms),
    V,
    { ...DEFAULT_COURSE2VEC, dim },
  );
  const layer = model.getLayer("course_embedding");
  const [kernel] = layer.getWeights();
  const start = kernel!.dataSync();
  const norm = (a: ArrayLike<number>, r: number) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += a[r * dim + j]! ** 2;
    return Math.sqrt(s);
  };
  let a = 0;
  let b = 0;
  for (let r = 0; r < V; r++) {
    a += norm(start, r);
    b += norm(c2v.vectors, r);
  }
  const scaled = tf.tensor2d(
    c2v.vectors.map((x) => (x * a) / Math.max(1e-9, b)),
    [V, dim],
  );
  layer.setWeights([scaled]);
  scaled.dispose();
  console.log(
    `  embedding from course2vec (${c2v.steps} steps, ${(c2v.trainMs / 1000).toFixed(1)} s), rows rescaled by ${(a / b).toFixed(3)}`,
  );
}
