import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { selectBackend } from "../../lib/ml/backend";
import { predictNext } from "../../lib/ml/rnn/infer";
import { buildRnn } from "../../lib/ml/rnn/model";
import { DEFAULT_RNN, type RnnParams } from "../../lib/ml/rnn/params";
import { trainRnn } from "../../lib/ml/rnn/train";
import { buildVocab, type StudentHistory } from "../../lib/ml/vocab";
import { buildRnnData } from "../../lib/models/rnn-data";
import { rankingMetrics } from "../../lib/ml/next-term-eval";
import { createRng } from "../../lib/random";
import { BENCH_SCALES, ensureSimulation, loadBenchCorpus, median } from "./corpus";

const raw = new Command()
  .name("bench:privacy")
  .description(
    "Canary exposure ('secret sharer', Carlini et al. 2019) of the next-term LSTM: plant students with unique random histories in a simulated corpus, " +
      "train with the defaults, and compare how well the model ranks each canary's true next-term courses with a matched history it never saw.",
  )
  .option("--scale <name>", BENCH_SCALES.join(", "), "small")
  .option("--canaries <n>", "canary histories (and as many never-planted controls)", "20")
  .option("--terms <n>", "terms in each canary history", "4")
  .option("--per-term <n>", "courses in each canary term", "3")
  .option("--reps <list>", "copies of each canary planted, one training per value", "1,4")
  .option("--epochs <n>", "training epochs (default: the LSTM's default)", String(DEFAULT_RNN.epochs))
  .option("--dropout <x>", "dropout (default: the LSTM's default)", String(DEFAULT_RNN.dropout))
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    scale: z.enum(BENCH_SCALES),
    canaries: z.coerce.number().int().min(2).max(500),
    terms: z.coerce.number().int().min(2).max(8),
    perTerm: z.coerce.number().int().min(1).max(8),
    reps: z
      .string()
      .transform((s) => s.split(",").map(Number))
      .pipe(z.array(z.number().int().min(1).max(50)).min(1)),
    epochs: z.coerce.number().int().min(1).max(100),
    dropout: z.coerce.number().min(0).max(0.9),
  }),
  raw,
);

await selectBackend();
const corpus = await loadBenchCorpus(ensureSimulation(o.scale));
const rng = createRng(2019);
// Canary terms: the corpus's earliest terms, so every canary term lies before the test term.
const ordinals = [...new Set(corpus.histories.flatMap((h) => h.terms.map((t) => t.ordinal)))].sort(
  (a, b) => a - b,
);
const inVocab = buildVocab(corpus.histories, 20).ids;
const majors = corpus.histories.map((h) => h.majors).filter((m) => m.length > 0);
/** A random history: uniform courses from the vocabulary (a path no real student follows), a common major. */
const randomHistory = (): StudentHistory => ({
  majors: rng.pick(majors),
  terms: ordinals.slice(0, o.terms).map((ordinal) => ({
    ordinal,
    courses: rng.shuffle([...inVocab]).slice(0, o.perTerm),
  })),
});
const canaries = Array.from({ length: o.canaries }, randomHistory);
const controls = Array.from({ length: o.canaries }, randomHistory);

type Exposure = { mean: number; medianRank: number; top10: number };

/**
 * Exposure of a history's true next-term courses: for each prefix of k terms, the rank r of each
 * course of term k+1 among the courses not yet taken (n of them), exposure = log2(n) − log2(r).
 * A model that learnt nothing about the history scores like a control.
 */
function measure(
  model: Parameters<typeof predictNext>[0],
  list: StudentHistory[],
  indexOf: Map<number, number>,
  majorIndex: Map<string, number>,
  V: number,
  M: number,
): Exposure {
  const exposures: number[] = [];
  const ranks: number[] = [];
  for (const h of list) {
    const terms = h.terms.map((t) => t.courses.map((c) => indexOf.get(c)!));
    const m = h.majors.flatMap((x) => majorIndex.get(x) ?? []);
    for (let k = 1; k < terms.length; k++) {
      const [scores] = predictNext(model, [{ terms: terms.slice(0, k), majors: m }], V, M);
      const taken = new Set(terms.slice(0, k).flat());
      const open = [...Array(V).keys()]
        .filter((i) => !taken.has(i))
        .sort((a, b) => scores![b]! - scores![a]!);
      const rankOf = new Map(open.map((c, i) => [c, i + 1]));
      for (const c of terms[k]!) {
        const r = rankOf.get(c);
        if (r === undefined) continue;
        ranks.push(r);
        exposures.push(Math.log2(open.length) - Math.log2(r));
      }
    }
  }
  return {
    mean: exposures.reduce((a, b) => a + b, 0) / exposures.length,
    medianRank: median(ranks),
    top10: ranks.filter((r) => r <= 10).length / ranks.length,
  };
}

const rows: string[] = [];
for (const reps of o.reps) {
  const planted = canaries.flatMap((c) => Array.from({ length: reps }, () => structuredClone(c)));
  const data = buildRnnData([...corpus.histories, ...planted], 20, 200);
  const V = data.vocab.ids.length;
  const M = Math.max(1, data.majors.length);
  const params: RnnParams = { ...DEFAULT_RNN, epochs: o.epochs, dropout: o.dropout };
  const model = buildRnn(V, M, params);
  const started = performance.now();
  console.error(
    `Training with each of ${o.canaries} canaries planted ${reps}× (${data.train.length} students, ${V} courses)…`,
  );
  await trainRnn(model, data.train, V, M, params);
  const secs = (performance.now() - started) / 1000;
  const majorIndex = new Map(data.majors.map((m, i) => [m, i]));
  const c = measure(model, canaries, data.vocab.indexOf, majorIndex, V, M);
  const n = measure(model, controls, data.vocab.indexOf, majorIndex, V, M);
  // What a setting costs: held-out recall@10 on the test term (the canaries are not in it).
  const cases = data.cases.slice(0, 2000);
  const recall = rankingMetrics(
    cases,
    predictNext(
      model,
      cases.map((x) => x.history),
      V,
      M,
    ),
    data.offered,
    true,
  ).recallAt10;
  model.dispose();
  rows.push(
    `| ${reps} | ${o.epochs} | ${o.dropout} | ${c.mean.toFixed(2)} | ${n.mean.toFixed(2)} | **${(c.mean - n.mean).toFixed(2)}** | ` +
      `${c.medianRank} vs ${n.medianRank} | ${(c.top10 * 100).toFixed(1)}% vs ${(n.top10 * 100).toFixed(1)}% | ${recall.toFixed(3)} | ${secs.toFixed(0)} s |`,
  );
}
console.log(
  `Canary exposure, ${o.scale} scale, ${o.canaries} canaries and ${o.canaries} never-planted controls, ${o.terms} terms × ${o.perTerm} random courses each (exposure in bits; log2 of ~${inVocab.length} courses is ${Math.log2(inVocab.length).toFixed(1)}):`,
);
console.log(
  "| copies planted | epochs | dropout | canary exposure | control exposure | gap | median rank | in top 10 | held-out recall@10 | training |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);
