import { Command } from "commander";
import { z } from "zod";
import { getDb } from "../lib/db/client";
import { findRun } from "../lib/models/runs";
import { describeRnnConfig } from "../lib/models/rnn-config";
import { parseFlags } from "./cli/flags";
import { printPlanEvaluation, printPlanTable } from "./evaluate-plan";
import { printArticulationEvaluation } from "./evaluate-articulation";
import { INSTITUTION_FLAG, resolveInstitutionFlag } from "./cli/institution";

const raw = new Command()
  .name("evaluate")
  .description(
    "Print a model run's evaluation beside its baselines: for course2vec, cross-listed partner ranks and subject precision@10 " +
      "against co-enrollment PMI; for the RNN, recall@10 and MRR@10 on the held-out test term against popularity, co-occurrence and " +
      "same-major baselines, by number of prior terms. The evaluation is computed when the run is trained and stored with it; " +
      "an RNN run also shows the plan evaluation last recorded on it (--model plan).",
  )
  .requiredOption(
    "--model <kind>",
    "course2vec, rnn, plan (plans for held-out students, computed now and recorded on the RNN run) or articulation",
  )
  .option(
    "--heldout <file>",
    "articulation: held-out pairs (from_course,to_course) to score now and record on the run",
  )
  .option("--students <n>", "plan: held-out students to plan for", "200")
  .option("--run <id>", "a specific run (default: the active one)")
  .option("--json", "print JSON")
  .option(...INSTITUTION_FLAG)
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    model: z.enum(["course2vec", "rnn", "plan", "articulation"]),
    heldout: z.string().min(1).optional(),
    students: z.coerce.number().int().min(1).max(100_000),
    run: z.coerce.number().int().optional(),
    json: z.boolean().optional(),
  }),
  raw,
);

const db = getDb();
const institution = await resolveInstitutionFlag(db, raw.institution);
if (o.model === "articulation") {
  const code = await printArticulationEvaluation(db, {
    heldout: o.heldout,
    run: o.run,
    institution,
    json: !!o.json,
  });
  await db.$disconnect();
  process.exit(code);
}
if (o.model === "plan") {
  await printPlanEvaluation(db, { students: o.students, json: !!o.json, institutionId: institution.id });
  await db.$disconnect();
  process.exit(0);
}
const run = await findRun(db, o.model, o.run, institution.id);
if (!run?.results) {
  console.error(
    !run
      ? o.run
        ? `No ${o.model} run ${o.run} of ${institution.code}`
        : `No active ${o.model} run of ${institution.code}: train one with npm run train:${o.model === "rnn" ? "rnn" : "course2vec"}`
      : run.problem
        ? `Run ${run.id} was stored in an older format (${run.problem})`
        : `Run ${run.id} is ${run.status}: only finished runs have an evaluation`,
  );
  await db.$disconnect();
  process.exit(1);
}
if (o.json) {
  console.log(
    JSON.stringify(
      {
        run: run.id,
        kind: run.kind,
        status: run.status,
        active: run.isActive,
        params: run.params,
        metrics: run.results.metrics,
        baselines: run.results.baselines,
      },
      null,
      2,
    ),
  );
} else if (run.kind === "course2vec") {
  const { metrics, baselines } = run.results;
  const rows = [
    ["course2vec", metrics],
    ["co-enrollment PMI", baselines.pmi],
  ] as const;
  console.log(
    `course2vec run ${run.id} (${run.isActive ? "active" : run.status}), ${metrics.vocabSize} courses, ${metrics.crossListedPairs} cross-listed pairs`,
  );
  console.log("method                 subject P@10   cross-list median rank   partners in top 10");
  for (const [name, m] of rows)
    console.log(
      `${name.padEnd(22)} ${m.subjectPrecisionAt10.toFixed(3).padStart(12)}   ${String(m.crossListMedianRank).padStart(22)}   ${(m.crossListTop10 * 100).toFixed(1).padStart(17)}%`,
    );
  if (typeof metrics.mapNeighbourPreservation === "number")
    console.log(
      `map: neighbour preservation @10 ${metrics.mapNeighbourPreservation.toFixed(3)}, subject-centroid Spearman ${Number(metrics.mapCentroidSpearman).toFixed(3)}`,
    );
} else if (run.kind === "rnn") {
  const { metrics, baselines } = run.results;
  const rows = [
    ["LSTM", metrics.model],
    ["LSTM, taken allowed", metrics.modelRaw],
    ["popularity", baselines.popularity],
    ["co-occurrence", baselines.cooccurrence],
    ["same major & point", baselines.majorAtPoint],
  ] as const;
  const buckets = Object.keys(metrics.model.byPriorTerms);
  console.log(
    `RNN run ${run.id} (${run.isActive ? "active" : run.status}), test term ${metrics.testTerm}, ${metrics.vocabSize} courses`,
  );
  if (run.params) console.log(`configuration: ${describeRnnConfig(run.params, metrics)}`);
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
    `LSTM vs best baseline: ${((metrics.model.recallAt10 / best - 1) * 100).toFixed(1)}% higher recall@10`,
  );
  if (metrics.plan) {
    const p = metrics.plan;
    console.log(
      `\nPlans (npm run evaluate -- --model plan, ${p.evaluatedAt.slice(0, 16).replace("T", " ")} UTC) for ${p.threeTerm.methods.lstm.students} held-out students, cut-offs ${p.clean.cutoff} (R@1 clean) and ${p.threeTerm.cutoff} (R@1-3):`,
    );
    printPlanTable(p);
  }
}
await db.$disconnect();
