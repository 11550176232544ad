import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { selectBackend } from "../../lib/ml/backend";
import { predictNext, predictNextLastStep } from "../../lib/ml/rnn/infer";
import { buildRnn } from "../../lib/ml/rnn/model";
import { DEFAULT_RNN } from "../../lib/ml/rnn/params";
import { rnnThreads, trainRnn } from "../../lib/ml/rnn/train";
import { sampledNegatives } from "../../lib/ml/rnn/sampled-columns";
import { priorTermsBucket, rankingMetrics } from "../../lib/ml/next-term-eval";
import { buildRnnData } from "../../lib/models/rnn-data";
import { startBar } from "../cli/progress";
import { createRng } from "../../lib/random";
import { baselineMetrics } from "../../lib/models/rnn-pipeline";
import { BENCH_SCALES, ensureSimulation, loadBenchCorpus, median, PYTHON } from "./corpus";

const raw = new Command()
  .name("bench:rnn")
  .description(
    "Train the next-term LSTM with ours (TF.js) and with PyTorch (1 thread, full softmax) on the same simulated data and print time to quality " +
      "(train seconds until held-out recall@10 first reaches a threshold), samples/s, inference time and peak memory.",
  )
  .option("--scale <name>", BENCH_SCALES.join(", "), "demo")
  .option("--epochs <n>", "epochs for both", "3")
  .option("--eval-every <n>", "batches between evaluations", "25")
  .option("--eval-students <n>", "test-term students evaluated (a fixed sample)", "2000")
  .option(
    "--eval-sample <how>",
    "which test-term students: random (seeded) or first (first in the file: at Berkeley scale the oldest cohorts, whose long histories make the baselines weakest; the sample before this flag existed)",
    "random",
  )
  .option("--threads <n>", "our training threads (0 = auto: 2 on wasm for 512+ courses)", "0")
  .option("--no-term-features", "ours without the season input, the same model as PyTorch's")
  .option(
    "--sampled-softmax <n>",
    "our training loss over each batch's targets plus N sampled negatives (0 = the full softmax; default: 1,024 from 4,096 courses up)",
  )
  .option(
    "--torch-sampled",
    "PyTorch trains with the same sampled softmax as ours (a fairness check; the target compares against its full softmax)",
  )
  .option("--curves", "also print both recall@10 curves (batches: recall at every evaluation)")
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    scale: z.enum(BENCH_SCALES),
    epochs: z.coerce.number().int().min(1),
    evalEvery: z.coerce.number().int().min(1),
    evalStudents: z.coerce.number().int().min(50),
    threads: z.coerce.number().int().min(0).max(2),
    evalSample: z.enum(["random", "first"]),
    termFeatures: z.boolean(),
    sampledSoftmax: z.coerce.number().int().min(0).optional(),
    torchSampled: z.boolean().default(false),
    curves: z.boolean().default(false),
  }),
  raw,
);

const backend = await selectBackend();
const corpus = await loadBenchCorpus(ensureSimulation(o.scale));
const data = buildRnnData(corpus.histories, 20, 200);
data.cases = (o.evalSample === "random" ? createRng(42).shuffle([...data.cases]) : data.cases).slice(
  0,
  o.evalStudents,
);
const priorBuckets = new Map<string, number>();
for (const c of data.cases) {
  const key = priorTermsBucket(c.history.terms.length);
  priorBuckets.set(key, (priorBuckets.get(key) ?? 0) + 1);
}
const V = data.vocab.ids.length;
const M = Math.max(1, data.majors.length);
// Adam 8e-3 and no label smoothing, on both sides (torch_rnn.py has none): the one-epoch race's
// settings, not train:rnn's 12-epoch ones (docs/rnn-levers.md).
const params = {
  ...DEFAULT_RNN,
  learningRate: 8e-3,
  labelSmoothing: 0,
  epochs: o.epochs,
  threads: o.threads,
  termFeatures: o.termFeatures,
  ...(o.sampledSoftmax === undefined ? {} : { sampledSoftmax: o.sampledSoftmax }),
};
const negatives = sampledNegatives(params, V);
const base = baselineMetrics(data);
const bestBaseline = Math.max(
  base.popularity.recallAt10,
  base.cooccurrence.recallAt10,
  base.majorAtPoint.recallAt10,
);
console.error(
  `${o.scale}: ${data.train.length} training students, ${data.cases.length} evaluated, ${V} courses; best baseline recall@10 ${bestBaseline.toFixed(3)}`,
);
const sampleLine = `evaluated: ${data.cases.length} test-term students (${o.evalSample}); by prior terms ${["1", "2-3", "4-6", "7+"].map((k) => `${k}: ${priorBuckets.get(k) ?? 0}`).join(", ")}`;

// PyTorch.
const dir = path.join(process.cwd(), ".bench", o.scale);
const input = path.join(dir, "rnn-input.json");
fs.writeFileSync(
  input,
  JSON.stringify({
    V,
    M: data.majors.length,
    params: { ...params, evalEvery: o.evalEvery, torchSampled: o.torchSampled ? negatives : 0 },
    train: data.train,
    cases: data.cases.map((c) => ({
      terms: c.history.terms,
      majors: c.history.majors,
      target: c.target,
      targetCount: c.targetCount,
      taken: [...c.taken],
    })),
    offered: Array.from(data.offered),
  }),
);
console.error("PyTorch training…");
const torchLoad = [os.loadavg()[0]!];
const py = spawnSync(PYTHON, ["scripts/bench/torch_rnn.py", input], {
  encoding: "utf8",
  maxBuffer: 64 << 20,
});
torchLoad.push(os.loadavg()[0]!);
if (py.status !== 0) throw new Error(`PyTorch failed (apt-get install -y python3-torch):\n${py.stderr}`);
const pyLines = py.stdout
  .trim()
  .split("\n")
  .map(
    (l) =>
      JSON.parse(l) as {
        seconds: number;
        batches: number;
        recall: number;
        done?: boolean;
        samplesPerSecond: number;
        inferenceMs: number;
        maxRssMb: number;
      },
  );
const torchCurve = pyLines.filter((l) => !l.done);
const torchDone = pyLines.find((l) => l.done)!;

// Ours.
const threads = rnnThreads(params, V);
console.error(`TF.js (${backend}, ${threads} thread${threads > 1 ? "s" : ""}) training…`);
const model = buildRnn(V, M, params);
const oursLoad = [os.loadavg()[0]!];
const curve: { seconds: number; batches: number; recall: number }[] = [];
let trainSeconds = 0;
let mark = performance.now();
let peakRss = process.memoryUsage().rss;
const evaluate = () =>
  rankingMetrics(
    data.cases,
    predictNextLastStep(
      model,
      data.cases.map((c) => c.history),
      M,
    ),
    data.offered,
    true,
  ).recallAt10;
let samples = 0;
let batchesDone = 0;
const bar = startBar(
  "TF.js training",
  Math.ceil(data.train.filter((t) => t.terms.length >= 1).length / params.batchSize) * params.epochs,
  "batches",
  "recall@10 {recall}",
);
await trainRnn(model, data.train, V, M, params, {
  onBatch: (done) => {
    batchesDone = done;
    bar.update(done, { recall: curve.at(-1)?.recall.toFixed(3) ?? "–" });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    samples += params.batchSize;
    if (done % o.evalEvery === 0) {
      trainSeconds += (performance.now() - mark) / 1000;
      curve.push({ seconds: trainSeconds, batches: done, recall: evaluate() });
      mark = performance.now();
    }
  },
});
trainSeconds += (performance.now() - mark) / 1000;
oursLoad.push(os.loadavg()[0]!);
bar.stop();
curve.push({ seconds: trainSeconds, batches: batchesDone, recall: evaluate() });
const times: number[] = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  predictNext(model, [data.cases[0]!.history], V, M);
  times.push(performance.now() - t0);
}

const firstPoint = (c: { seconds: number; batches: number; recall: number }[], thr: number) =>
  c.find((p) => p.recall >= thr);
const firstReach = (c: { seconds: number; batches: number; recall: number }[], thr: number) =>
  firstPoint(c, thr)?.seconds;
const fmt = (s: number | undefined) => (s === undefined ? "not reached" : `${s.toFixed(1)} s`);
const torchBest = Math.max(...torchCurve.map((c) => c.recall));
const thresholds: [string, number][] = [
  [`1.1 × best baseline (${(1.1 * bestBaseline).toFixed(3)})`, 1.1 * bestBaseline],
  [`0.9 × PyTorch's best (${(0.9 * torchBest).toFixed(3)})`, 0.9 * torchBest],
];
console.log(
  `\nNext-term LSTM, ${o.scale} scale: ${data.train.length} training students, ${V} courses, ${params.units} units, batch ${params.batchSize}, Adam ${params.learningRate} decaying to ${params.finalLrRatio ?? 1}x, ${o.epochs} epochs; ours with term inputs: ${params.termFeatures ? "yes" : "no"}; training loss: ours ${negatives ? `sampled softmax (the batch's targets + ${negatives} negatives)` : "full softmax"}, PyTorch ${o.torchSampled && negatives ? "the same sampled softmax" : "full softmax"}`,
);
console.log(sampleLine);
console.log(
  `baselines recall@10: popularity ${base.popularity.recallAt10.toFixed(3)}, co-occurrence ${base.cooccurrence.recallAt10.toFixed(3)}, same major & point ${base.majorAtPoint.recallAt10.toFixed(3)}`,
);
console.log(
  `load average (1 min) at the start and end of training: PyTorch ${torchLoad.map((l) => l.toFixed(1)).join(" → ")}, ours ${oursLoad.map((l) => l.toFixed(1)).join(" → ")}`,
);
console.log(
  `                               ours (TF.js ${backend}, ${threads} thr.)   PyTorch (1 thread)   ratio`,
);
for (const [label, thr] of thresholds) {
  const a = firstReach(curve, thr);
  const b = firstReach(torchCurve, thr);
  console.log(
    `time to ${label.padEnd(30)} ${fmt(a).padStart(12)} ${fmt(b).padStart(20)} ${a !== undefined && b !== undefined ? (a / b).toFixed(2) + "x" : "–"}`,
  );
  // Samples to the mark do not depend on the machine's load (seconds do): speed and learning per sample apart.
  const sa = firstPoint(curve, thr)?.batches;
  const sb = firstPoint(torchCurve, thr)?.batches;
  console.log(
    `  batches to it (${params.batchSize} students each)     ${(sa === undefined ? "–" : String(sa)).padStart(12)} ${(sb === undefined ? "–" : String(sb)).padStart(20)} ${sa !== undefined && sb !== undefined ? (sa / sb).toFixed(2) + "x" : "–"}`,
  );
}
const oursSps = samples / trainSeconds;
console.log(
  `final recall@10                       ${curve.at(-1)!.recall.toFixed(3).padStart(12)} ${torchCurve.at(-1)!.recall.toFixed(3).padStart(20)}`,
);
console.log(
  `samples/s                             ${Math.round(oursSps).toString().padStart(12)} ${Math.round(torchDone.samplesPerSecond).toString().padStart(20)} ${(torchDone.samplesPerSecond / oursSps).toFixed(2)}x (time per sample, ours ÷ PyTorch)`,
);
console.log(
  `one recommendation (median ms)        ${median(times).toFixed(1).padStart(12)} ${torchDone.inferenceMs.toFixed(1).padStart(20)}`,
);
console.log(
  `peak memory (MB, whole process)       ${Math.round(peakRss / 2 ** 20)
    .toString()
    .padStart(12)} ${Math.round(torchDone.maxRssMb).toString().padStart(20)}`,
);
if (o.curves)
  for (const [name, c] of [
    ["ours", curve],
    ["PyTorch", torchCurve],
  ] as const)
    console.log(
      `recall@10 curve, ${name}: ${c.map((x) => `${x.batches}: ${x.recall.toFixed(3)}`).join(", ")}`,
    );
console.log(
  "Targets: time to 90% of PyTorch's best recall@10 ≤ 1× PyTorch's (PyTorch runs the reference model: no term inputs); at Berkeley scale under 30 minutes.",
);
