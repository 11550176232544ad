import { spawnSync } from "node:child_process";
import path from "node:path";
import { isPostgresReachable, TEST_POSTGRES_URL } from "../tests/fixtures/postgres";

/**
 * The database-facing tests (the `integration` vitest project) again, against PostgreSQL. Without a
 * server: skipped with a note locally, a failure in CI (where .ci/run starts one).
 */
if (!(await isPostgresReachable())) {
  const msg = `No PostgreSQL at ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ":***@")} (start one with: sudo bash .ci/start-postgres.sh)`;
  if (process.env.CI) {
    console.error(`${msg}: CI must run the PostgreSQL tests.`);
    process.exit(1);
  }
  console.log(`Skipping the PostgreSQL tests. ${msg}.`);
  process.exit(0);
}
const r = spawnSync(
  path.join(process.cwd(), "node_modules", ".bin", "vitest"),
  ["run", "--project", "integration"],
  {
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE: "postgres" },
  },
);
process.exit(r.status ?? 1);
