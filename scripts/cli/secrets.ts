import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The folder for the database: only its owner may list or read it. */
export function prepareDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask and leaves an existing folder alone.
  fs.chmodSync(dataDir, 0o700);
}

/** Where per-installation secrets live: the user's config folder, not beside the database. */
export function secretsDir(home: string): string {
  return path.join(home, ".config", "course-atlas");
}

/**
 * Reads (or makes, once) a per-installation secret in `secretsDir(home)`. A copy of data/ must not
 * carry the key that links its hashes to registrar ids or signs staff cookies, so the secret sits
 * away from the database; one left in data/ by an older installation is moved, not regenerated
 * (a new salt would re-hash every student, a new session secret would sign everyone out).
 */
export function ensureSecret(opts: {
  home: string;
  name: string;
  legacyPath: string;
  bytes: number;
}): string {
  const dir = secretsDir(opts.home);
  const file = path.join(dir, opts.name);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file) && fs.existsSync(opts.legacyPath)) moveFile(opts.legacyPath, file);
  if (!fs.existsSync(file))
    fs.writeFileSync(file, randomBytes(opts.bytes).toString("base64url"), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return fs.readFileSync(file, "utf8").trim();
}

function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    // The home folder may be on another file system than the checkout.
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
    fs.copyFileSync(from, to);
    fs.rmSync(from);
  }
}
