import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../lib/db/client";
import type { Institution } from "../lib/institution";
import { evaluateArticulationRun } from "../lib/models/articulation-evaluation";
import { KnownFileError, parseKnownFile } from "../lib/models/articulation-known";
import type { ArticulationEvaluation } from "../lib/models/articulation-schemas";
import { parseRun } from "../lib/models/runs";

/**
 * `npm run evaluate -- --model articulation [--heldout FILE] [--json]`: with a held-out file, scores
 * its pairs now with the active articulation run of the institution (or --run) and records the
 * result on the run; without one, prints what the run stored (cross-validated, and the last
 * held-out evaluation). Exits 1 with file:line: field problems for a bad file.
 */
export async function printArticulationEvaluation(
  db: Db,
  o: { heldout?: string; run?: number; institution: Institution; json: boolean },
): Promise<number> {
  const inst = o.institution;
  const row = await db.modelRun.findFirst({
    where:
      o.run === undefined
        ? { institutionId: inst.id, kind: "articulation", isActive: true }
        : { id: o.run, kind: "articulation" },
  });
  const run = row ? parseRun(row) : null;
  if (!run || run.kind !== "articulation" || !run.results) {
    console.error(
      run
        ? `Run ${run.id} is ${run.status}${run.problem ? ` (${run.problem})` : ""}`
        : `No ${o.run === undefined ? "active " : ""}articulation run${o.run === undefined ? ` at ${inst.code}: train one with npm run train:articulation` : ` ${o.run}`}`,
    );
    return 1;
  }
  let heldout = run.results.metrics.heldout;
  if (o.heldout) {
    try {
      heldout = await evaluateArticulationRun(
        db,
        run,
        parseKnownFile(readFileSync(o.heldout, "utf8"), o.heldout),
        path.basename(o.heldout),
      );
    } catch (err) {
      if (err instanceof KnownFileError || (err as NodeJS.ErrnoException).code === "ENOENT") {
        console.error(`${(err as Error).message}\nNothing was recorded.`);
        return 1;
      }
      throw err;
    }
  }
  const { cv } = run.results.metrics;
  if (o.json) {
    console.log(
      JSON.stringify(
        { run: run.id, from: run.params?.from, to: run.params?.to, cv, heldout: heldout ?? null },
        null,
        2,
      ),
    );
    return 0;
  }
  console.log(
    `articulation run ${run.id} (${run.params?.from} → ${run.params?.to}, ${run.isActive ? "active" : run.status})`,
  );
  printTable(
    `cross-validated on the ${run.params?.knownPairs ?? "?"} known pairs (${cv.combined.courses} courses)`,
    cv,
  );
  if (heldout)
    printTable(
      `held-out ${heldout.file}: ${heldout.combined.courses} courses, ${heldout.combined.pairs} pairs${heldout.skippedKnown ? `, ${heldout.skippedKnown} known pairs skipped` : ""}${o.heldout ? " (recorded on the run)" : `, ${heldout.evaluatedAt.slice(0, 16)} UTC`}`,
      heldout,
    );
  else console.log("\nNo held-out evaluation yet: add --heldout FILE.");
  return 0;
}

function printTable(title: string, m: ArticulationEvaluation): void {
  const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`).padStart(9);
  console.log(`\n${title}`);
  console.log("signal          recall@1  recall@5  recall@10     MRR");
  for (const [name, r] of [
    ["enrollment", m.enrollment],
    ["description", m.description],
    ["combined", m.combined],
  ] as const)
    console.log(
      `${name.padEnd(14)} ${pct(r.recallAt1)} ${pct(r.recallAt5)} ${pct(r.recallAt10).padStart(10)}   ${r.mrr.toFixed(3)}`,
    );
}
