// A recommendation worker thread (started by lib/queries/recommend-pool.ts through piscina). The web
// server is not run by tsx, so the worker registers tsx's loader itself before loading the
// TypeScript module (as lib/ml/worker.ts does for the training workers).
import { register } from "tsx/esm/api";

register();
const { default: score } = await import("./recommend-worker-task.ts");
export default score;
