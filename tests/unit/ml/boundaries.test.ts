import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The web tier loads inference only: the modules a request can reach must not include the
 * trainers, their workers or `node:worker_threads` (each would load on the request path and be
 * bundled into the server build). Walks the imports that survive compilation: static imports and
 * re-exports that are not type-only, literal dynamic imports, and `new URL("./x.ts", import.meta.url)`
 * (how a trainer names its worker, which bundlers follow).
 */

const root = path.resolve(import.meta.dirname, "../../..");

const TRAINING = [
  /^lib\/ml\/(rnn|course2vec)\/train[^/]*\.ts$/, // trainers, their workers and worker protocols
  /^lib\/ml\/rnn\/(gradients|loss)\.ts$/,
  /^lib\/ml\/course2vec\/shard\.ts$/,
  /^lib\/ml\/(adam|worker)\.ts$/,
];
const isTraining = (file: string) => TRAINING.some((re) => re.test(file));
const WORKER_THREADS = new Set(["node:worker_threads", "worker_threads"]);

/** The specifiers a file loads at run time. */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(root, file), "utf8"),
    ts.ScriptTarget.Latest,
  );
  const out: string[] = [];
  const literal = (e: ts.Node | undefined) => (e && ts.isStringLiteralLike(e) ? e.text : null);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          named &&
          ts.isNamedImports(named) &&
          named.elements.length > 0 &&
          named.elements.every((e) => e.isTypeOnly));
      const spec = literal(node.moduleSpecifier);
      if (!typeOnly && spec) out.push(spec);
    } else if (ts.isExportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier);
      if (!node.isTypeOnly && spec) out.push(spec);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const spec = literal(node.arguments[0]);
      if (spec) out.push(spec);
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "URL" &&
      node.arguments?.[1]?.getText(source) === "import.meta.url"
    ) {
      const spec = literal(node.arguments[0]);
      if (spec) out.push(spec);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** A project file for a relative or `@/` specifier; null for a package. */
function resolveInProject(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.join(path.posix.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const full = path.join(root, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  throw new Error(`${from}: cannot resolve "${spec}"`);
}

/** Every project file reachable from `entries`, and every package specifier they load. */
function importGraph(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.tsx?$/.test(file)) continue; // css, svg, json
    for (const spec of runtimeSpecifiers(file)) {
      const target = resolveInProject(file, spec);
      if (target) queue.push(target);
      else packages.add(spec);
    }
  }
  return { files, packages };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")));
}

describe("module boundaries", () => {
  it("the import walk sees the training side where it is loaded (so the checks below can fail)", () => {
    const { files, packages } = importGraph([
      "lib/models/rnn-pipeline.ts",
      "lib/models/course2vec-pipeline.ts",
    ]);
    expect(files).toContain("lib/ml/rnn/train.ts");
    expect(files).toContain("lib/ml/rnn/train-worker.ts"); // through new URL(…, import.meta.url)
    expect(files).toContain("lib/ml/course2vec/train-worker.ts");
    expect(files).toContain("lib/ml/adam.ts");
    expect(packages).toContain("node:worker_threads");
  });

  it.each([
    "lib/ml/rnn/infer.ts",
    "lib/ml/similarity.ts",
    "lib/ml/rnn/params.ts",
    "lib/ml/course2vec/params.ts",
  ])("%s loads no training module and no worker_threads", (entry) => {
    const { files, packages } = importGraph([entry]);
    expect([...files].filter(isTraining)).toEqual([]);
    expect([...packages].filter((p) => WORKER_THREADS.has(p))).toEqual([]);
  });

  it("the web tier (app/, lib/queries, the model runtime) reaches no training module", () => {
    const entries = [...sourceFiles("app"), ...sourceFiles("lib/queries"), "lib/models/rnn-runtime.ts"];
    const { files } = importGraph(entries);
    expect(files).toContain("lib/ml/rnn/infer.ts"); // recommendations do load the model
    expect([...files].filter(isTraining)).toEqual([]);
  });
});
