// A recommendation worker thread (started by lib/queries/recommend-pool.ts through piscina). The web
// server is not run by tsx, so the worker registers tsx's loader itself before loading the
// TypeScript module (as lib/ml/worker.ts does for the training workers).
import os from "node:os";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

// Model work yields the CPU to page serving (RECOMMEND_NICE, handed over by the pool): on Linux,
// setpriority of "the calling process" from a thread changes that thread only (each thread is its
// own task), so the request thread keeps its priority (docs/web-tier.md).
try {
  const nice = Number(workerData?.nice ?? 0);
  if (nice > 0) os.setPriority(0, nice);
} catch {
  // not permitted here: the worker keeps the server's priority
}

register();
const { default: score } = await import("./recommend-worker-task.ts");
export default score;
