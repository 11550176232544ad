// A recommendation worker thread (started by lib/queries/recommend-pool.ts through piscina). The web
// server is not run by tsx, so the worker registers tsx's loader itself before loading the
// TypeScript module (as lib/ml/worker.ts does for the training workers).
import os from "node:os";
import { register } from "tsx/esm/api";

// Model work yields the CPU to page serving: on Linux, setpriority of "the calling process" from a
// thread changes that thread only (each thread is its own task), so the request thread keeps nice 0.
// A course page then waits for its core no longer behind a large recommendation (docs/web-tier.md).
try {
  os.setPriority(0, 10);
} catch {
  // not permitted here: the worker keeps the server's priority
}

register();
const { default: score } = await import("./recommend-worker-task.ts");
export default score;
