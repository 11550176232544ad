import os from "node:os";
import { parentPort, Worker } from "node:worker_threads";
import { tf } from "./backend";

/**
 * Starts a worker thread on a TypeScript module. The training CLIs run under tsx, whose loader a
 * worker does not inherit on Node 20 (ERR_UNKNOWN_FILE_EXTENSION), so the worker registers tsx's
 * ESM hooks itself before importing the module.
 */
export function startTsWorker(moduleUrl: URL): Worker {
  const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(code, { eval: true });
}

/**
 * Below this vocabulary a training step takes milliseconds, and starting a worker (tsx and a second
 * wasm instance take a second or two) costs more than it saves.
 */
const WORKER_MIN_VOCAB = 512;

/**
 * Threads to train with: `requested` when set (> 0); otherwise 2 on wasm for a vocabulary large
 * enough to pay for a worker, else 1. tfjs-node is multi-threaded already; wasm runs one core per
 * instance (docs/tfjs-wasm.md, fact 4).
 */
export function trainingThreads(requested: number, vocabSize: number): number {
  if (requested > 0) return requested;
  return tf.getBackend() === "wasm" && vocabSize >= WORKER_MIN_VOCAB
    ? Math.min(2, os.availableParallelism())
    : 1;
}

type Reply = { type: string } | { type: "error"; message: string };

/**
 * The main thread's side of a training worker: one request at a time, each answered by one reply.
 * An `{ type: "error" }` reply, a crash or an exit rejects the pending request and every later one.
 */
export class WorkerClient<Req, Rep extends Reply> {
  private pending: { resolve: (r: Rep) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly label: string,
    private readonly worker: Worker,
  ) {
    worker.on("message", (r: Rep) => {
      const p = this.pending;
      this.pending = null;
      if (r.type === "error") p?.reject(new Error(`${label} worker: ${(r as { message: string }).message}`));
      else p?.resolve(r);
    });
    const fail = (e: Error) => {
      this.failure = e;
      this.pending?.reject(e);
      this.pending = null;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => code !== 0 && fail(new Error(`${label} worker exited with code ${code}`)));
  }

  /** Sends `msg` (moving `transfer`'s buffers) and resolves with the reply, which must be of type `expect`. */
  async request<T extends Rep["type"]>(
    msg: Req,
    expect: T,
    transfer: ArrayBuffer[] = [],
  ): Promise<Extract<Rep, { type: T }>> {
    if (this.failure) throw this.failure;
    const reply = await new Promise<Rep>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(msg, transfer);
    });
    if (reply.type !== expect) throw new Error(`${this.label} worker: unexpected reply ${reply.type}`);
    return reply as Extract<Rep, { type: T }>;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * The worker's side: answers each request with `handle`'s reply (and buffers to move); a thrown
 * error becomes an `{ type: "error" }` reply with its stack. The main thread ends a worker with
 * WorkerClient.close (terminate), which also frees its wasm instance.
 */
export function serveRequests<Req>(
  handle: (msg: Req) => Promise<{ reply: Reply; transfer?: ArrayBuffer[] }>,
): void {
  const port = parentPort!;
  port.on("message", (msg: Req) => {
    handle(msg).then(
      (out) => port.postMessage(out.reply, out.transfer ?? []),
      (err: unknown) =>
        port.postMessage({
          type: "error",
          message: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
}
