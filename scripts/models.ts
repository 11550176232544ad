import { spawnSync } from "node:child_process";
import path from "node:path";
import { Command } from "commander";
import { getDb } from "../lib/db/client";
import { activateRun, deleteRun, listRuns } from "../lib/models/runs";
import { formatDuration } from "./cli/progress";
import { INSTITUTION_FLAG, resolveInstitutionFlag } from "./cli/institution";
import { listInstitutions } from "../lib/institution";

const db = getDb();
const program = new Command().name("models").description("List, activate, delete and (re)train model runs.");

program
  .command("list")
  .description("every run, newest first (of one institution with --institution)")
  .option("--json", "print JSON")
  .option("--institution <code>", "only this institution's runs")
  .action(async (o: { json?: boolean; institution?: string }) => {
    const only = o.institution === undefined ? undefined : await resolveInstitutionFlag(db, o.institution);
    const runs = await listRuns(db, { institutionId: only?.id });
    const codeOf = new Map((await listInstitutions(db)).map((i) => [i.id, i.code]));
    if (o.json) {
      console.log(
        JSON.stringify(
          runs.map(({ results, ...r }) => ({
            ...r,
            institution: codeOf.get(r.institutionId) ?? null,
            metrics: results?.metrics ?? null,
            baselines: results?.baselines ?? null,
          })),
          null,
          2,
        ),
      );
      return;
    }
    for (const r of runs) {
      const headline =
        r.kind === "rnn"
          ? `recall@10 ${(r.results?.metrics.model.recallAt10 ?? NaN).toFixed(3)}`
          : r.kind === "articulation"
            ? `cross-validated recall@5 ${(r.results?.metrics.cv.combined.recallAt5 ?? NaN).toFixed(3)}`
            : `subject P@10 ${(r.results?.metrics.subjectPrecisionAt10 ?? NaN).toFixed(3)}`;
      console.log(
        `${String(r.id).padStart(4)}  ${(codeOf.get(r.institutionId) ?? "?").padEnd(6)} ${r.kind.padEnd(10)} ${r.status.padEnd(11)} ${r.isActive ? "ACTIVE" : "      "}  ${r.createdAt.toISOString().slice(0, 16)}  ${formatDuration(r.durationMs).padEnd(10)} ${r.status === "finished" ? headline : (r.error ?? "").split("\n")[0]}`,
      );
    }
  });

program
  .command("activate <id>")
  .description("make a finished run the active one of its institution and kind")
  .action(async (id: string) => {
    await activateRun(db, Number(id));
    console.log(`Run ${id} is now active.`);
  });

program
  .command("delete <id>")
  .description("delete a run that is not active, with everything it wrote")
  .action(async (id: string) => {
    await deleteRun(db, Number(id));
    console.log(`Run ${id} deleted.`);
  });

program
  .command("ensure")
  .description(
    "train course2vec, then the RNN, where the institution has no active run newer than its last import",
  )
  .option("--rnn-epochs <n>", "RNN epochs", "4")
  .option("--rnn-flags <flags>", "more train:rnn flags, space-separated (the demo's settings)", "")
  .option("--only <kind>", "ensure only this kind: course2vec or rnn")
  .option(...INSTITUTION_FLAG)
  .action(async (o: { rnnEpochs: string; rnnFlags: string; only?: string; institution?: string }) => {
    if (o.only !== undefined && o.only !== "course2vec" && o.only !== "rnn") {
      console.error(`--only: course2vec or rnn, got "${o.only}"`);
      await db.$disconnect();
      process.exit(2);
    }
    const institution = await resolveInstitutionFlag(db, o.institution);
    const lastImport = await db.importRun.findFirst({
      where: { institutionId: institution.id },
      orderBy: { id: "desc" },
    });
    if (!lastImport)
      throw new Error(`Nothing imported for ${institution.code} yet: run \`npm run import\` first`);
    const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
    for (const [kind, script, args] of [
      ["course2vec", "scripts/train-course2vec.ts", []],
      ["rnn", "scripts/train-rnn.ts", ["--epochs", o.rnnEpochs, ...o.rnnFlags.split(/\s+/).filter(Boolean)]],
    ] as const) {
      if (o.only !== undefined && o.only !== kind) continue;
      const active = await db.modelRun.findFirst({
        where: { institutionId: institution.id, kind, isActive: true },
      });
      if (active && active.createdAt >= lastImport.createdAt) {
        console.log(`${institution.code} ${kind}: active run ${active.id} is up to date`);
        continue;
      }
      const r = spawnSync(tsx, [script, ...args, "--institution", institution.code], { stdio: "inherit" });
      if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
    }
  });

await program.parseAsync();
await db.$disconnect();
