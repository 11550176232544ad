import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureSecret, prepareDataDir, secretsDir } from "@/scripts/cli/secrets";

let tmp: string;
let home: string;
let dataDir: string;
const mode = (p: string): number => fs.statSync(p).mode & 0o777;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-secrets-"));
  home = path.join(tmp, "home");
  dataDir = path.join(tmp, "checkout", "data");
  fs.mkdirSync(home);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the demo's data folder and secrets", () => {
  it("creates data/ 0700 and tightens one that exists with looser rights", () => {
    prepareDataDir(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    fs.chmodSync(dataDir, 0o755);
    prepareDataDir(dataDir);
    expect(mode(dataDir)).toBe(0o700);
  });

  it("keeps the salt and the session secret in the config folder, not beside the database", () => {
    prepareDataDir(dataDir);
    const salt = ensureSecret({
      home,
      name: "student-id-salt",
      legacyPath: path.join(dataDir, ".student-id-salt"),
      bytes: 24,
    });
    const secret = ensureSecret({
      home,
      name: "session-secret",
      legacyPath: path.join(dataDir, ".session-secret"),
      bytes: 32,
    });
    expect(salt.length).toBeGreaterThanOrEqual(16);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(salt).not.toBe(secret);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    const dir = secretsDir(home);
    expect(dir).toBe(path.join(home, ".config", "course-atlas"));
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, "student-id-salt"))).toBe(0o600);
    expect(mode(path.join(dir, "session-secret"))).toBe(0o600);
    // Made once: the next start reads the same values.
    expect(ensureSecret({ home, name: "student-id-salt", legacyPath: "", bytes: 24 })).toBe(salt);
    expect(ensureSecret({ home, name: "session-secret", legacyPath: "", bytes: 32 })).toBe(secret);
  });

  it("moves a secret an older installation left in data/ instead of making a new one", () => {
    prepareDataDir(dataDir);
    const legacy = path.join(dataDir, ".session-secret");
    fs.writeFileSync(legacy, "an-existing-session-secret-of-32-chars-or-more\n", { mode: 0o644 });
    const secret = ensureSecret({ home, name: "session-secret", legacyPath: legacy, bytes: 32 });
    expect(secret).toBe("an-existing-session-secret-of-32-chars-or-more");
    expect(fs.existsSync(legacy)).toBe(false);
    expect(mode(path.join(secretsDir(home), "session-secret"))).toBe(0o600);
  });
});
