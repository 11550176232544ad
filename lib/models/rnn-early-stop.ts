import { tf } from "../ml/backend";
import { predictNextLastStep } from "../ml/rnn/infer";
import { rankingMetrics } from "../ml/next-term-eval";
import type { RnnData } from "./rnn-data";

/** Share of the validation term's students held out of training when early stopping is on. */
export const VALIDATION_SHARE = 0.1;

/**
 * Early stopping on a validation score: `observe` after every epoch keeps a copy of the weights at
 * each new best and says whether to go on (false once `patience` epochs have passed without one);
 * `restore` puts the best epoch's weights back (and frees the copy). A tie is no improvement, so
 * the earlier (cheaper, less fitted) epoch wins.
 */
export class EarlyStopping {
  best = -Infinity;
  bestEpoch = 0;
  private weights: tf.Tensor[] | null = null;

  constructor(private readonly patience: number) {}

  observe(epoch: number, score: number, model: tf.LayersModel): boolean {
    if (score > this.best) {
      this.best = score;
      this.bestEpoch = epoch;
      tf.dispose(this.weights ?? []);
      this.weights = model.getWeights().map((w) => w.clone());
    }
    return epoch - this.bestEpoch < this.patience;
  }

  restore(model: tf.LayersModel): void {
    if (!this.weights) return;
    model.setWeights(this.weights);
    this.dispose();
  }

  dispose(): void {
    tf.dispose(this.weights ?? []);
    this.weights = null;
  }
}

/** recall@10 on the validation slice (taken courses excluded, courses offered in its term), as on the test term. */
export function validationRecall(model: tf.LayersModel, data: RnnData): number {
  const v = data.validation!;
  const scores = predictNextLastStep(
    model,
    v.cases.map((c) => c.history),
    Math.max(1, data.majors.length),
  );
  return rankingMetrics(v.cases, scores, v.offered, true).recallAt10;
}
