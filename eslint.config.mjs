// Lint: Next's core-web-vitals rules, typescript-eslint's type-aware recommended set, Prettier owns
// layout (as create-t3-app's base config). Type information comes from the project service.
import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      ".bench/**",
      "next-env.d.ts",
      "**/*.mjs",
      "**/*.py",
    ],
  },
  ...nextVitals,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Library and app code get configuration from lib/env.ts and cancellation from an AbortSignal;
    // only scripts/ (and lib/env.ts) touch the process: exit codes, signals, stdio, the environment.
    files: ["lib/**/*.ts", "app/**/*.ts", "app/**/*.tsx"],
    ignores: ["lib/env.ts", "lib/generated/**"],
    rules: {
      "no-restricted-globals": ["error", { name: "process", message: "Only scripts/ touch process." }],
      "no-restricted-imports": ["error", { paths: [{ name: "node:process" }, { name: "process" }] }],
    },
  },
);
