import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread on a TypeScript module. The training CLIs run under tsx, whose loader a
 * worker does not inherit on Node 20 (ERR_UNKNOWN_FILE_EXTENSION), so the worker registers tsx's
 * ESM hooks itself before importing the module.
 */
export function startTsWorker(moduleUrl: URL): Worker {
  const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(code, { eval: true });
}
