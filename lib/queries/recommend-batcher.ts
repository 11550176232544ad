import { AppError } from "../errors";

/**
 * Dynamic batching of recommendations (as model servers such as TF Serving and Triton do it): while
 * every worker thread is busy, requests wait here; when a thread frees up, the oldest waiting request
 * goes, together with the other waiting requests of its group (same run, same number of terms, so
 * nothing is padded much), up to `maxBatch`, in one model pass. A batch of 16 typical requests costs
 * about half as much per request as single passes (bench:recommend), so under a crowd each
 * recommendation costs less, and a lone request waits for nothing: nothing is held back to fill a batch.
 */
export type Batcher<R, S> = (item: R, group: string) => Promise<S>;

export type BatcherLimits<R> = {
  /** Batches in flight at once (one per worker thread). */
  threads: number;
  /** Requests that may wait while every thread is busy; one more is refused with 503 and Retry-After. */
  queue: number;
  /** Requests in one batch, given the batch's first (oldest) request. */
  maxBatch: number | ((first: R) => number);
  /** Named in the busy answer: "The recommendation service is busy". */
  service: string;
};

type Waiting<R, S> = { item: R; group: string; resolve: (s: S) => void; reject: (e: unknown) => void };

export function createBatcher<R, S>(
  run: (items: R[]) => Promise<S[]>,
  limits: BatcherLimits<R>,
): Batcher<R, S> {
  const waiting: Waiting<R, S>[] = [];
  let running = 0;

  const pump = () => {
    while (running < limits.threads && waiting.length > 0) {
      const group = waiting[0]!.group;
      const most =
        typeof limits.maxBatch === "number"
          ? limits.maxBatch
          : Math.max(1, limits.maxBatch(waiting[0]!.item));
      const batch: Waiting<R, S>[] = [];
      for (let i = 0; i < waiting.length && batch.length < most;) {
        if (waiting[i]!.group === group) batch.push(waiting.splice(i, 1)[0]!);
        else i++;
      }
      running++;
      run(batch.map((w) => w.item))
        .then((results) => {
          if (results.length !== batch.length)
            throw new Error(`A batch of ${batch.length} got ${results.length} answers`);
          batch.forEach((w, i) => w.resolve(results[i]!));
        })
        .catch((err: unknown) => batch.forEach((w) => w.reject(err)))
        .finally(() => {
          running--;
          pump();
        });
    }
  };

  return (item, group) =>
    new Promise<S>((resolve, reject) => {
      if (running >= limits.threads && waiting.length >= limits.queue) {
        reject(
          new AppError(
            "model_unavailable",
            `The ${limits.service} service is busy; try again in a few seconds`,
            2,
          ),
        );
        return;
      }
      waiting.push({ item, group, resolve, reject });
      pump();
    });
}
