import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { selectBackend } from "../../lib/ml/backend";
import { buildVocab, toIndexHistories } from "../../lib/ml/vocab";
import { DEFAULT_COURSE2VEC } from "../../lib/ml/course2vec/params";
import { trainCourse2Vec } from "../../lib/ml/course2vec/train";
import { contextShare } from "../../lib/ml/course2vec/contexts";
import { buildSentence } from "../../lib/ml/pairs";
import { cosineNeighbours, cosinePartnerRanks, normalizeRows } from "../../lib/ml/similarity";
import { course2vecMetrics, type Course2VecMetrics } from "../../lib/ml/metrics";
import { createRng } from "../../lib/random";
import { BENCH_SCALES, ensureSimulation, loadBenchCorpus, median, PYTHON } from "./corpus";

const raw = new Command()
  .name("bench:course2vec")
  .description(
    "Train course2vec with ours (TF.js) and with gensim (sg=1) on the same simulated corpus and cores; print wall times, the ratio, and both models' quality.",
  )
  .option("--scales <list>", `comma-separated: ${BENCH_SCALES.join(", ")}`, "demo,berkeley")
  .option("--repeats <n>", "runs of each at the demo scale (medians are printed)", "3")
  .option("--gensim-epochs <n>", "gensim epochs", "5")
  .option("--steps <n>", "our full-batch Adam steps, at most", String(DEFAULT_COURSE2VEC.steps))
  .option("--learning-rate <x>", "our Adam learning rate", String(DEFAULT_COURSE2VEC.learningRate))
  .option(
    "--final-lr-ratio <x>",
    "our learning rate decays linearly to this fraction of its start",
    String(DEFAULT_COURSE2VEC.finalLrRatio),
  )
  .option("--weight-decay <x>", "our decoupled weight decay", String(DEFAULT_COURSE2VEC.weightDecay))
  .option("--beta2 <x>", "our Adam's second-moment decay", String(DEFAULT_COURSE2VEC.beta2))
  .option("--threads <n>", "our gradient threads (0 = auto)", String(DEFAULT_COURSE2VEC.threads))
  .option("--init <how>", "our start: svd or random", DEFAULT_COURSE2VEC.init)
  .option(
    "--power-iterations <n>",
    "power iterations of our SVD start",
    String(DEFAULT_COURSE2VEC.powerIterations),
  )
  .option(
    "--stop-tolerance <x>",
    "our stopping rule: relative loss fall per step below which training stops (0 = off)",
    String(DEFAULT_COURSE2VEC.stopTolerance),
  )
  .option(
    "--context-mass <x>",
    "our contexts: the most frequent courses holding this share of enrollments (1 = all; auto: 0.9 from 2,048 courses)",
    "auto",
  )
  .option("--loss-every <n>", "our loss evaluations: every n steps", String(DEFAULT_COURSE2VEC.lossEvery))
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    scales: z
      .string()
      .transform((s) => s.split(","))
      .pipe(z.array(z.enum(BENCH_SCALES))),
    repeats: z.coerce.number().int().min(1).max(20),
    gensimEpochs: z.coerce.number().int().min(1),
    steps: z.coerce.number().int().min(0), // 0 with --init svd: the SVD alone
    learningRate: z.coerce.number().positive().max(1),
    threads: z.coerce.number().int().min(0).max(64),
    finalLrRatio: z.coerce.number().min(0).max(1),
    weightDecay: z.coerce.number().min(0).max(10),
    beta2: z.coerce.number().min(0).max(0.9999),
    init: z.enum(["svd", "random"]),
    powerIterations: z.coerce.number().int().min(0).max(20),
    stopTolerance: z.coerce.number().min(0).max(1),
    contextMass: z.union([z.literal("auto").transform(() => 0), z.coerce.number().positive().max(1)]),
    lossEvery: z.coerce.number().int().min(1),
  }),
  raw,
);

const backend = await selectBackend();
const P = {
  ...DEFAULT_COURSE2VEC,
  steps: o.steps,
  learningRate: o.learningRate,
  threads: o.threads,
  finalLrRatio: o.finalLrRatio,
  weightDecay: o.weightDecay,
  beta2: o.beta2,
  init: o.init,
  powerIterations: o.powerIterations,
  stopTolerance: o.stopTolerance,
  contextMass: o.contextMass,
  lossEvery: o.lossEvery,
};
type Row = {
  scale: string;
  V: number;
  enrollments: number;
  threads: number;
  steps: number[];
  ours: number[];
  gensim: number[];
  /** CPU seconds of every thread (process.cpuUsage / time.process_time): less dependent on the machine's load than wall time. */
  oursCpu: number[];
  gensimCpu: number[];
  oursQ: Course2VecMetrics;
  gensimQ: Course2VecMetrics;
};
const rows: Row[] = [];

function quality(vectors: Float32Array, subjectOf: Int32Array, pairs: [number, number][]): Course2VecMetrics {
  const unit = normalizeRows(vectors, P.dim);
  const nb = cosineNeighbours(unit, P.dim, 10);
  return course2vecMetrics(nb, cosinePartnerRanks(unit, P.dim, pairs), subjectOf);
}

for (const scale of o.scales) {
  const corpus = await loadBenchCorpus(ensureSimulation(scale));
  const vocab = buildVocab(corpus.histories, 20);
  const V = vocab.ids.length;
  const sentences = toIndexHistories(corpus.histories, vocab).map((s) => s.terms);
  const subjects = [...new Set(corpus.courses.map((c) => c.subject))];
  const subjectOf = Int32Array.from(vocab.ids, (id) => subjects.indexOf(corpus.courses[id]!.subject));
  const pairs = corpus.crossPairs
    .map(([a, b]) => [vocab.indexOf.get(a), vocab.indexOf.get(b)])
    .filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined);
  // gensim gets the same sentences with one seeded within-term shuffle.
  const dir = path.join(process.cwd(), ".bench", scale);
  const rng = createRng(1);
  fs.writeFileSync(
    path.join(dir, "sentences.txt"),
    sentences.map((s) => buildSentence(s, rng).join(" ")).join("\n") + "\n",
  );
  const repeats = scale === "berkeley" ? 1 : o.repeats;
  const row: Row = {
    scale,
    V,
    enrollments: corpus.enrollments,
    threads: 0,
    steps: [],
    ours: [],
    gensim: [],
    oursCpu: [],
    gensimCpu: [],
    oursQ: null!,
    gensimQ: null!,
  };
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await trainCourse2Vec(sentences, V, P);
    row.ours.push((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    row.oursCpu.push((cpu.user + cpu.system) / 1e6);
    row.threads = result.threads;
    row.steps.push(result.steps);
    row.oursQ = quality(result.vectors, subjectOf, pairs);
    const vecFile = path.join(dir, "gensim-vectors.f32");
    const g = spawnSync(
      PYTHON,
      [
        "scripts/bench/gensim_course2vec.py",
        path.join(dir, "sentences.txt"),
        vecFile,
        String(P.dim),
        String(P.window),
        String(P.negatives),
        String(P.subsample),
        String(o.gensimEpochs),
        "2",
        String(V),
      ],
      { encoding: "utf8" },
    );
    if (g.status !== 0) throw new Error(`gensim failed (apt-get install -y python3-gensim):\n${g.stderr}`);
    const timing = JSON.parse(g.stdout) as { seconds: number; cpu_seconds: number };
    row.gensim.push(timing.seconds);
    row.gensimCpu.push(timing.cpu_seconds);
    row.gensimQ = quality(new Float32Array(fs.readFileSync(vecFile).buffer.slice(0)), subjectOf, pairs);
    console.error(
      `${scale} run ${r + 1}: ours ${row.ours.at(-1)!.toFixed(1)} s, CPU ${row.oursCpu.at(-1)!.toFixed(1)} s (${result.steps} steps, counting ${(result.countMs / 1000).toFixed(1)} s, SVD ${(result.svdMs / 1000).toFixed(1)} s), gensim ${row.gensim.at(-1)!.toFixed(1)} s, CPU ${row.gensimCpu.at(-1)!.toFixed(1)} s; load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
  }
  rows.push(row);
}

console.log(
  `\ncourse2vec: ours (TF.js ${backend}, aggregated counts, ${P.init} start,${rows.map((r) => ` contexts holding ${contextShare(P.contextMass, r.V)} of enrollments at ${r.scale},`).join("")} up to ${P.steps} Adam steps${P.stopTolerance > 0 ? ` (stopping below ${P.stopTolerance}/step; took ${rows.map((r) => r.steps.join("/")).join(", ")})` : ""} at lr ${P.learningRate}${P.finalLrRatio < 1 ? ` decaying to ${P.learningRate * P.finalLrRatio}` : ""}, Adam β2 ${P.beta2}, weight decay ${P.weightDecay}, ${rows.map((r) => `${r.threads} thread(s) at ${r.scale}`).join(", ")}) vs gensim 4 (sg=1, ${o.gensimEpochs} epochs, 2 workers); ${P.dim}-d, window ${P.window}, ${P.negatives} negatives, sample ${P.subsample}`,
);
console.log(
  "scale      courses  enrollments   ours s (median)  gensim s (median)  ratio   subject P@10 ours/gensim   cross-list median rank ours/gensim   top-10 share ours/gensim",
);
for (const r of rows) {
  const ratio = median(r.ours) / median(r.gensim);
  console.log(
    `${r.scale.padEnd(9)} ${String(r.V).padStart(8)} ${r.enrollments.toLocaleString().padStart(12)} ${median(r.ours).toFixed(1).padStart(16)} ${median(r.gensim).toFixed(1).padStart(18)} ${ratio.toFixed(2).padStart(6)}x ` +
      `${r.oursQ.subjectPrecisionAt10.toFixed(4).padStart(13)} / ${r.gensimQ.subjectPrecisionAt10.toFixed(4)} ${String(r.oursQ.crossListMedianRank).padStart(22)} / ${r.gensimQ.crossListMedianRank}` +
      `${(r.oursQ.crossListTop10 * 100).toFixed(0).padStart(22)}% / ${(r.gensimQ.crossListTop10 * 100).toFixed(0)}%`,
  );
}
for (const r of rows)
  console.log(
    `${r.scale}: CPU seconds of all threads (median; less load-dependent than wall time): ours ${median(r.oursCpu).toFixed(1)} vs gensim ${median(r.gensimCpu).toFixed(1)}, ratio ${(median(r.oursCpu) / median(r.gensimCpu)).toFixed(2)}x`,
  );
console.log(
  `Load average at the end: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(
      " ",
    )}. Target (issue 18): ours ≤ 1.0× gensim's wall time at Berkeley scale (goal 0.5×) with subject P@10 and cross-list ranks no worse.`,
);
