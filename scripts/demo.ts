import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { formatDuration } from "./cli/progress";
import { ensureSecret, prepareDataDir } from "./cli/secrets";
import { SIMULATOR_VERSION } from "../lib/simulate";

const opts = new Command()
  .name("demo")
  .description(
    "Simulate a university and its partner college, import both, train course2vec and the RNN (the college: " +
      "course2vec; `npm run models -- ensure --institution CC` adds its RNN), build the site and serve it. " +
      "Steps whose results are already there (same simulation, same import, trained runs) are reused.",
  )
  .option("--scale <name>", "simulation size: demo (~20k students), small (3k), berkeley (~165k)", "demo")
  .option("--seed <n>", "simulation seed", "42")
  .option("--rnn-epochs <n>", "RNN epochs", "2")
  .option("--port <n>", "port to serve on", "3000")
  .option("--fresh", "rebuild everything from scratch")
  .option("--no-serve", "stop after building")
  .parse()
  .opts<{ scale: string; seed: string; rnnEpochs: string; port: string; fresh?: boolean; serve: boolean }>();

const root = process.cwd();
const dataDir = path.join(root, "data");
prepareDataDir(dataDir);
// Per-installation secrets in ~/.config/course-atlas, away from the database (scripts/cli/secrets.ts).
process.env.STUDENT_ID_SALT ||= ensureSecret({
  home: os.homedir(),
  name: "student-id-salt",
  legacyPath: path.join(dataDir, ".student-id-salt"),
  bytes: 24,
});
// Signs staff session cookies.
process.env.SESSION_SECRET ||= ensureSecret({
  home: os.homedir(),
  name: "session-secret",
  legacyPath: path.join(dataDir, ".session-secret"),
  bytes: 32,
});
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.DATABASE_URL ??= "file:./data/atlas.db";

const simDir = path.join(dataDir, "sim", `${opts.scale}-${opts.seed}-v${SIMULATOR_VERSION}`);
// The simulated partner college (docs/simulation.md), imported beside the university (code UNIV).
const COLLEGE = { code: "CC", name: "Bayview Community College" };
const UNIVERSITY = "UNIV"; // the primary institution: the first imported, without --institution
const started = Date.now();

/** Runs a step; with `logFile` its output goes there (shown only if it fails), so it can run beside others. */
function run(label: string, cmd: string, args: string[], logFile?: string): Promise<void> {
  const t0 = Date.now();
  console.log(
    `\n▶ ${label}${logFile ? ` (in the background, output in ${path.relative(root, logFile)})` : ""}`,
  );
  return new Promise((resolve, reject) => {
    const out = logFile ? fs.openSync(logFile, "w", 0o600) : undefined;
    const child = spawn(cmd, args, {
      stdio: out === undefined ? "inherit" : ["ignore", out, out],
      env: process.env,
    });
    child.on("exit", (code) => {
      if (out !== undefined) fs.closeSync(out);
      if (code === 0) {
        console.log(`✔ ${label} (${formatDuration(Date.now() - t0)})`);
        resolve();
        return;
      }
      if (logFile) console.error(fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n"));
      reject(new Error(`${label} failed (exit ${code})`));
    });
  });
}

const tsx = path.join(root, "node_modules", ".bin", "tsx");
const next = path.join(root, "node_modules", ".bin", "next");

async function main(): Promise<void> {
  if (opts.fresh) {
    await run("Reset the database", tsx, ["scripts/db/reset.ts"]);
    fs.rmSync(simDir, { recursive: true, force: true });
    fs.rmSync(path.join(root, ".next"), { recursive: true, force: true });
  } else {
    await run("Database migrations", tsx, ["scripts/db/migrate.ts"]);
  }
  // The build reads no data (every page renders per request), so it runs beside the data steps:
  // on two cores that saves most of its time.
  const build = isBuildFresh()
    ? null
    : run("Build the site", next, ["build"], path.join(dataDir, "next-build.log"));
  build?.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
  // The held-out articulations are the simulator's last file: present means the simulation finished.
  if (!fs.existsSync(path.join(simDir, "articulation-heldout.csv"))) {
    await run(`Simulate a university and its partner college (${opts.scale}, seed ${opts.seed})`, tsx, [
      "scripts/simulate.ts",
      "--scale",
      opts.scale,
      "--seed",
      opts.seed,
      "--out",
      simDir,
    ]);
  } else console.log(`\n✔ Simulation in ${path.relative(root, simDir)} reused`);
  // The university first: in a fresh database the first institution imported is the primary one.
  await run("Import the university", tsx, [
    "scripts/import.ts",
    "--catalog",
    `${simDir}/courses.csv`,
    "--enrollments",
    `${simDir}/enrollments.csv`,
    "--requirements",
    `${simDir}/requirements.csv`,
  ]);
  await run(`Import the partner college (${COLLEGE.code})`, tsx, [
    "scripts/import.ts",
    "--institution",
    COLLEGE.code,
    "--institution-name",
    COLLEGE.name,
    "--catalog",
    `${simDir}/college/courses.csv`,
    "--enrollments",
    `${simDir}/college/enrollments.csv`,
    "--requirements",
    `${simDir}/college/requirements.csv`,
  ]);
  await run("Train the university's models that are missing or older than its import", tsx, [
    "scripts/models.ts",
    "ensure",
    "--rnn-epochs",
    opts.rnnEpochs,
    // Two epochs at batch 64 and Adam 8e-3, no early stopping (no validation slice) and one
    // evaluation at the end: the demo's quality within its time (docs/rnn-levers.md).
    "--rnn-flags=--batch-size 64 --learning-rate 0.008 --patience 0 --eval-every 0",
  ]);
  // course2vec only: it is what articulation needs, and it takes seconds (the LSTM would add more).
  await run("Train the college's course2vec if missing or older than its import", tsx, [
    "scripts/models.ts",
    "ensure",
    "--institution",
    COLLEGE.code,
    "--only",
    "course2vec",
  ]);
  const known = path.join(simDir, "articulation-known.csv");
  if (!(await isArticulationReusable(known)))
    await run(`Train the articulation model (${COLLEGE.code} → ${UNIVERSITY})`, tsx, [
      "scripts/train-articulation.ts",
      "--from",
      COLLEGE.code,
      "--to",
      UNIVERSITY,
      "--known",
      known,
    ]);
  else console.log(`\n✔ Articulation run (${COLLEGE.code} → ${UNIVERSITY}) reused: newer than its inputs`);
  if (build) await build;
  else console.log("\n✔ Site build reused (.next is newer than the sources)");
  console.log(`\nReady in ${formatDuration(Date.now() - started)}.`);
  if (opts.serve) {
    console.log(`Serving http://localhost:${opts.port} (Ctrl-C to stop)`);
    // The launcher: one server process per core (scripts/serve.ts).
    Object.assign(process.env, { PORT: opts.port, NODE_ENV: "production" });
    await run("Serve", tsx, ["scripts/serve.ts"]);
  }
}

async function isArticulationReusable(known: string): Promise<boolean> {
  // Loaded here, after the environment above is set: lib/env reads it once, when first imported.
  const { getDb } = await import("../lib/db/client");
  const { isArticulationFresh } = await import("./cli/articulation-fresh");
  const db = getDb();
  try {
    return await isArticulationFresh(db, COLLEGE.code, UNIVERSITY, known);
  } finally {
    await db.$disconnect();
  }
}

/** The production build is reusable when no source file is newer than it. */
function isBuildFresh(): boolean {
  const stamp = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name !== "generated" && newer(p);
      return fs.statSync(p).mtimeMs > built;
    });
  return (
    !["app", "lib", "public"].some((d) => fs.existsSync(path.join(root, d)) && newer(path.join(root, d))) &&
    !["next.config.ts", "package.json"].some((f) => fs.statSync(path.join(root, f)).mtimeMs > built)
  );
}

main().catch((err: Error) => {
  console.error(`\n✘ ${err.message}`);
  process.exit(1);
});
