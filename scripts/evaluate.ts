import { Command } from "commander";
import { z } from "zod";
import { getDb } from "../lib/db/client";
import { parseFlags } from "./cli/flags";

const raw = new Command()
  .name("evaluate")
  .description(
    "Print a model run's evaluation beside its baselines: for course2vec, cross-listed partner ranks and subject precision@10 " +
      "against co-enrollment PMI; for the RNN, recall@10 and MRR@10 on the held-out test term against popularity, co-occurrence and " +
      "same-major baselines, by number of prior terms. The evaluation is computed when the run is trained and stored with it.",
  )
  .requiredOption("--model <kind>", "course2vec or rnn")
  .option("--run <id>", "a specific run (default: the active one)")
  .option("--json", "print JSON")
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    model: z.enum(["course2vec", "rnn"]),
    run: z.coerce.number().int().optional(),
    json: z.boolean().optional(),
  }),
  raw,
);

const db = getDb();
const run = o.run
  ? await db.modelRun.findFirst({ where: { id: o.run, kind: o.model } })
  : await db.modelRun.findFirst({ where: { kind: o.model, isActive: true } });
if (!run) {
  console.error(
    o.run
      ? `No ${o.model} run ${o.run}`
      : `No active ${o.model} run: train one with npm run train:${o.model === "rnn" ? "rnn" : "course2vec"}`,
  );
  process.exit(1);
}
const metrics = JSON.parse(run.metrics) as Record<string, unknown>;
const baselines = JSON.parse(run.baselines) as Record<string, Record<string, unknown>>;
if (o.json) {
  console.log(
    JSON.stringify(
      {
        run: run.id,
        kind: run.kind,
        status: run.status,
        active: run.isActive,
        params: JSON.parse(run.params) as unknown,
        metrics,
        baselines,
      },
      null,
      2,
    ),
  );
} else if (o.model === "course2vec") {
  type M = {
    subjectPrecisionAt10: number;
    crossListMedianRank: number;
    crossListTop10: number;
    crossListedPairs: number;
  };
  const rows: [string, M][] = [
    ["course2vec", metrics as unknown as M],
    ["co-enrollment PMI", baselines.pmi as unknown as M],
  ];
  console.log(
    `course2vec run ${run.id} (${run.isActive ? "active" : run.status}), ${String(metrics.vocabSize)} courses, ${(metrics as unknown as M).crossListedPairs} cross-listed pairs`,
  );
  console.log("method                 subject P@10   cross-list median rank   partners in top 10");
  for (const [name, m] of rows)
    console.log(
      `${name.padEnd(22)} ${m.subjectPrecisionAt10.toFixed(3).padStart(12)}   ${String(m.crossListMedianRank).padStart(22)}   ${(m.crossListTop10 * 100).toFixed(1).padStart(17)}%`,
    );
} else {
  type R = {
    recallAt10: number;
    mrrAt10: number;
    byPriorTerms: Record<string, { recallAt10: number; students: number }>;
  };
  const rows: [string, R][] = [
    ["LSTM", metrics.model as R],
    ["LSTM, taken allowed", metrics.modelRaw as R],
    ["popularity", baselines.popularity as unknown as R],
    ["co-occurrence", baselines.cooccurrence as unknown as R],
    ["same major & point", baselines.majorAtPoint as unknown as R],
  ];
  const buckets = Object.keys((metrics.model as R).byPriorTerms);
  console.log(
    `RNN run ${run.id} (${run.isActive ? "active" : run.status}), test term ${String(metrics.testTerm)}, ${String(metrics.vocabSize)} courses`,
  );
  console.log(
    `method                recall@10  MRR@10  ${buckets.map((b) => `R@10 ${b} prior`.padStart(16)).join(" ")}`,
  );
  for (const [name, m] of rows) {
    console.log(
      `${name.padEnd(21)} ${m.recallAt10.toFixed(3).padStart(9)}  ${m.mrrAt10.toFixed(3).padStart(6)}  ${buckets.map((b) => (m.byPriorTerms[b]?.recallAt10 ?? NaN).toFixed(3).padStart(16)).join(" ")}`,
    );
  }
  const best = Math.max(...rows.slice(2).map(([, m]) => m.recallAt10));
  console.log(
    `LSTM vs best baseline: ${(((metrics.model as R).recallAt10 / best - 1) * 100).toFixed(1)}% higher recall@10`,
  );
}
await db.$disconnect();
