import type { Db } from "../../lib/db/client";
import { startBar, type Bar } from "./progress";

/** Progress printing shared by the training scripts: a line per phase, a bar for the main loop. */
export function trainingProgress(kind: string, unit: string) {
  let bar: Bar | null = null;
  return {
    phase: (name: string) => {
      bar?.stop();
      bar = null;
      console.error(`${kind}: ${name}…`);
    },
    tick: (done: number, total: number, loss: number) => {
      bar ??= startBar("training", total, unit, "loss {loss}");
      bar.update(done, { loss: loss.toFixed(4) });
    },
    get isBarShown() {
      return bar !== null && process.stderr.isTTY;
    },
    stop: () => {
      bar?.stop();
      bar = null;
    },
  };
}

/**
 * An AbortSignal that SIGINT or SIGTERM aborts (once: a second Ctrl-C gets Node's default and ends
 * the process at once). The pipelines mark their run interrupted when it aborts.
 */
export function abortOnSignals(): AbortSignal {
  const controller = new AbortController();
  const abort = (signal: NodeJS.Signals) => controller.abort(new Error(`interrupted by ${signal}`));
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  return controller.signal;
}

/**
 * Ends a training script whose run failed or was interrupted: the message, what state things are
 * in, exit 130 after a signal (as a shell reports Ctrl-C), 1 otherwise.
 */
export async function exitOnTrainingFailure(
  kind: string,
  db: Db,
  stop: () => void,
  err: Error,
  signal: AbortSignal,
): Promise<never> {
  stop();
  const what = signal.aborted ? `was ${err.message}` : `failed: ${err.message}`;
  console.error(
    `\n${kind} training ${what}\nThe active run (if any) is unchanged; the ${signal.aborted ? "interrupted" : "failed"} run is recorded (npm run models -- list).`,
  );
  await db.$disconnect();
  process.exit(signal.aborted ? 130 : 1);
}
