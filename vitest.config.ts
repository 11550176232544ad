import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * Two projects: `unit` needs neither a database nor the trained fixture; `integration` does, so only
 * it runs the global setup that builds the fixture (and `npm run test:pg` runs it against PostgreSQL).
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/fixtures/global-setup.ts"],
          setupFiles: ["tests/fixtures/integration-env.ts"],
        },
      },
    ],
  },
});
