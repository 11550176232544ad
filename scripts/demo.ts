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
    "Simulate a university, import it, train course2vec and the RNN, build the site and serve it. " +
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
const started = Date.now();

function run(label: string, cmd: string, args: string[]): Promise<void> {
  const t0 = Date.now();
  console.log(`\n▶ ${label}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: process.env });
    child.on("exit", (code) => {
      if (code === 0) {
        console.log(`✔ ${label} (${formatDuration(Date.now() - t0)})`);
        resolve();
      } else reject(new Error(`${label} failed (exit ${code})`));
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
  if (!fs.existsSync(path.join(simDir, "requirements.csv"))) {
    await run(`Simulate a university (${opts.scale}, seed ${opts.seed})`, tsx, [
      "scripts/simulate.ts",
      "--scale",
      opts.scale,
      "--seed",
      opts.seed,
      "--out",
      simDir,
    ]);
  } else console.log(`\n✔ Simulation in ${path.relative(root, simDir)} reused`);
  await run("Import", tsx, [
    "scripts/import.ts",
    "--catalog",
    `${simDir}/courses.csv`,
    "--enrollments",
    `${simDir}/enrollments.csv`,
    "--requirements",
    `${simDir}/requirements.csv`,
  ]);
  await run("Train models that are missing or older than the import", tsx, [
    "scripts/models.ts",
    "ensure",
    "--rnn-epochs",
    opts.rnnEpochs,
  ]);
  if (!isBuildFresh()) await run("Build the site", next, ["build"]);
  else console.log("\n✔ Site build reused (.next is newer than the sources)");
  console.log(`\nReady in ${formatDuration(Date.now() - started)}.`);
  if (opts.serve) {
    console.log(`Serving http://localhost:${opts.port} (Ctrl-C to stop)`);
    // The launcher: one server process per core (scripts/serve.ts).
    Object.assign(process.env, { PORT: opts.port, NODE_ENV: "production" });
    await run("Serve", tsx, ["scripts/serve.ts"]);
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
