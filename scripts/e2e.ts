import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildFixture } from "../tests/fixtures/build-fixture";
import { addCollege } from "../tests/fixtures/college";

/**
 * Browser tests: build the small trained fixture database, build the site, then run Playwright
 * (Debian's Chromium) against `next start` on that database.
 */
process.env.NEXT_TELEMETRY_DISABLED = "1";
const dir = path.join(process.cwd(), "test-results", "e2e-fixture");
const { url } = await buildFixture(dir);
// A second, tiny institution (no models), so the header's switcher is there to test.
await addCollege(url, path.join(dir, "college"));
const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);
const run = (cmd: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(bin("next"), ["build"]);
run(bin("playwright"), ["test", ...process.argv.slice(2)], { E2E_DATABASE_URL: url });
