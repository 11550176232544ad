import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { createDb } from "../../lib/db/client";
import { resolveInstitution } from "../../lib/institution";
import { selectBackend } from "../../lib/ml/backend";
import { predictNextLastStep, restoreRnn } from "../../lib/ml/rnn/infer";
import { scoreTopMany, scoreTopNext } from "../../lib/ml/rnn/infer-top";
import type { Sequence } from "../../lib/ml/sequences";
import { leaveOneOutHistories } from "../../lib/queries/recommend";
import { loadActiveRnnVocabulary, loadStoredRnn } from "../../lib/queries/recommend-model";

const raw = new Command()
  .name("bench:recommend")
  .description(
    "Model time of one recommendation (the history and its leave-one-out variants) on a stored LSTM run, as the " +
      "worker thread computes it: every history's full row read back (as before ranking moved to the worker), " +
      "the top courses only, and the top courses for a batch of requests in one pass. Prints median CPU milliseconds per request.",
  )
  .option("--database <url>", "database with an active RNN run", "file:./data/atlas.db")
  .option("--repeats <n>", "timed calls per figure", "200")
  .option("--batch <n>", "requests per pass for the batched figure", "16")
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    database: z.string(),
    repeats: z.coerce.number().int().min(10).max(100_000),
    batch: z.coerce.number().int().min(2).max(28),
  }),
  raw,
);

const db = createDb(o.database);
const inst = await resolveInstitution(db);
const vocabulary = await loadActiveRnnVocabulary(db, inst.id);
if (!vocabulary) throw new Error(`${o.database} has no active RNN run: run npm run demo first`);
const stored = await loadStoredRnn(db, vocabulary);
await db.$disconnect();
await selectBackend(undefined, (m) => console.log(m));
const model = restoreRnn(stored.V, stored.M, stored.params, stored);
const V = stored.V;
console.log(`bench:recommend on ${o.database}: ${V} courses, ${stored.params.units} units`);

/** A history of `terms` terms of `perTerm` courses with its leave-one-out variants, as the route builds them. */
function request(terms: number, perTerm: number, seed: number): Sequence[] {
  const kept = Array.from({ length: terms }, (_, i) => ({
    slot: i % 3,
    idx: Array.from({ length: perTerm }, (_, k) => (seed * 7919 + i * 131 + k * 17) % V),
  }));
  return leaveOneOutHistories(kept, [0], terms % 3).variants;
}

/**
 * Median CPU milliseconds of one call (this process's user + system time, all its threads): on a
 * shared machine a call's wall time includes the time other processes held the core.
 */
function medianMs(f: () => unknown): number {
  for (let i = 0; i < 10; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < o.repeats; i++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    ts.push((d.user + d.system) / 1000);
  }
  return ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]!;
}

const allowed = new Uint8Array(V).fill(1);
for (const [name, terms, perTerm] of [
  ["typical: 2 terms x 3 courses", 2, 3],
  ["8 terms x 5 courses", 8, 5],
  ["long: 30 terms x 2 courses", 30, 2],
] as const) {
  const one = request(terms, perTerm, 3);
  const many = Array.from({ length: o.batch }, (_, s) => ({
    histories: request(terms, perTerm, s + 3),
    pick: { allowed, limit: 10 },
  }));
  const rows = medianMs(() => predictNextLastStep(model, one, stored.M));
  const top = medianMs(() => scoreTopNext(model, one, stored.M, { allowed, limit: 10 }));
  const batched = medianMs(() => scoreTopMany(model, many, stored.M)) / o.batch;
  console.log(
    `${name.padEnd(36)} ${one.length} histories: full rows ${rows.toFixed(2)} ms, top only ${top.toFixed(2)} ms, ` +
      `batched (${o.batch} per pass) ${batched.toFixed(2)} ms per request (${(batched / rows).toFixed(2)}x full rows)`,
  );
}
