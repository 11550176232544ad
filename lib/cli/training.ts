import type { Db } from "../db/client";
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

/** Ends a training script whose run failed: the message, what state things are in, exit 1. */
export async function exitOnTrainingFailure(
  kind: string,
  db: Db,
  stop: () => void,
  err: Error,
): Promise<never> {
  stop();
  console.error(
    `\n${kind} training failed: ${err.message}\nThe active run (if any) is unchanged; the failed run is recorded (npm run models -- list).`,
  );
  await db.$disconnect();
  process.exit(1);
}
