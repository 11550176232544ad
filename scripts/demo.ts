import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { formatDuration } from "./cli/progress";
import { SIMULATOR_VERSION } from "../lib/simulate";

const opts = new Command()
  .name("demo")
  .description(
    "Simulate a university, import it, train course2vec and the RNN, build the site and serve it. " +
      "Steps whose results are already there (same simulation, same import, trained runs) are reused.",
  )
  .option("--scale <name>", "simulation size: demo (~20k students), small (3k), berkeley (~165k)", "demo")
  .option("--seed <n>", "simulation seed", "42")
  .option("--rnn-epochs <n>", "RNN epochs", "3")
  .option("--port <n>", "port to serve on", "3000")
  .option("--fresh", "rebuild everything from scratch")
  .option("--no-serve", "stop after building")
  .parse()
  .opts<{ scale: string; seed: string; rnnEpochs: string; port: string; fresh?: boolean; serve: boolean }>();

const root = process.cwd();
const dataDir = path.join(root, "data");
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
fs.chmodSync(dataDir, 0o700);
// The salt is a per-installation secret kept away from the database (a copy of data/ must not
// carry the key that links its hashes to registrar ids): in the user's config folder.
const saltDir = path.join(os.homedir(), ".config", "course-atlas");
const saltFile = path.join(saltDir, "student-id-salt");
const oldSaltFile = path.join(dataDir, ".student-id-salt");
if (!process.env.STUDENT_ID_SALT) {
  fs.mkdirSync(saltDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(saltFile) && fs.existsSync(oldSaltFile)) fs.renameSync(oldSaltFile, saltFile);
  if (!fs.existsSync(saltFile))
    fs.writeFileSync(saltFile, randomBytes(24).toString("base64url"), { mode: 0o600 });
  process.env.STUDENT_ID_SALT = fs.readFileSync(saltFile, "utf8").trim();
}
const secretFile = path.join(dataDir, ".session-secret");
if (!process.env.SESSION_SECRET) {
  // Signs staff session cookies; generated once per installation.
  if (!fs.existsSync(secretFile))
    fs.writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.SESSION_SECRET = fs.readFileSync(secretFile, "utf8").trim();
}
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
