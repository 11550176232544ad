import { F as SIGNAL_COUNT } from "./features";

// A module-local copy: an imported binding is a property read in every inner-loop step.
const F = SIGNAL_COUNT;

/**
 * The signals combined into one score by a conditional-logit (softmax) model: for one `from`
 * course, P(to = j) ∝ exp(w · z_j) over every `to` course, z the standardised signals. It is fit
 * by maximising the probability of the true set (one course, or two for a one-to-two
 * equivalence) on known pairs, with a small L2 penalty: a convex problem whose optimum ranks the
 * known equivalents first, which is what recall and MRR measure, and whose probabilities read as
 * "how sure" on a page. Plain logistic regression on sampled negatives would weigh the many easy
 * negatives and answer a question (is this pair equivalent?) nobody ranks by.
 */

export type Combination = { mean: number[]; std: number[]; weights: number[] };
export type Example = { rows: Float64Array; truth: ReadonlySet<number> };

function standardiser(examples: Example[]): { mean: number[]; std: number[] } {
  const mean = new Array<number>(F).fill(0);
  const sq = new Array<number>(F).fill(0);
  let n = 0;
  for (const e of examples) {
    for (let p = 0; p < e.rows.length; p += F) {
      for (let f = 0; f < F; f++) {
        mean[f]! += e.rows[p + f]!;
        sq[f]! += e.rows[p + f]! ** 2;
      }
      n++;
    }
  }
  const std = mean.map((s, f) => {
    const m = s / Math.max(1, n);
    return Math.sqrt(Math.max(0, sq[f]! / Math.max(1, n) - m * m)) || 1;
  });
  return { mean: mean.map((s) => s / Math.max(1, n)), std };
}

/** w · z for every `to` course of one example's rows. */
export function combinedScores(c: Combination, rows: Float64Array): Float64Array {
  const n = rows.length / F;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let f = 0; f < F; f++) s += (c.weights[f]! * (rows[j * F + f]! - c.mean[f]!)) / c.std[f]!;
    out[j] = s;
  }
  return out;
}

/** Softmax of scores: the model's probability for each `to` course. */
export function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  const out = scores.map((s) => Math.exp(s - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

/** Each example's rows standardised once, so a step is a dot product per candidate. */
function standardise(e: Example, mean: number[], std: number[]): Float64Array {
  const z = new Float64Array(e.rows.length);
  for (let p = 0; p < z.length; p++) z[p] = (e.rows[p]! - mean[p % F]!) / std[p % F]!;
  return z;
}

/**
 * Fits the weights by gradient ascent on the mean log-probability of each example's true set.
 * `mask` zeroes signals out (an ablation keeps the others' weights free).
 */
export function fitCombination(
  examples: Example[],
  { l2 = 0.01, steps = 400, rate = 0.5, mask = new Array<boolean>(F).fill(true) } = {},
): Combination {
  const { mean, std } = standardiser(examples);
  const weights: number[] = mask.map((m) => (m ? 0.1 : 0));
  if (examples.length === 0) return { mean, std, weights };
  const zs = examples.map((e) => standardise(e, mean, std));
  for (let step = 0; step < steps; step++) {
    const grad = new Array<number>(F).fill(0);
    examples.forEach((e, x) => {
      const z = zs[x]!;
      const n = z.length / F;
      const s = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let v = 0;
        for (let f = 0; f < F; f++) v += weights[f]! * z[j * F + f]!;
        s[j] = v;
      }
      const p = softmax(s);
      let inTruth = 0;
      for (const t of e.truth) inTruth += p[t]!;
      for (let j = 0; j < n; j++) {
        // d log P(T) / d s_j = q_j − p_j with q the posterior within the true set.
        const q = e.truth.has(j) ? p[j]! / Math.max(1e-300, inTruth) : 0;
        const g = q - p[j]!;
        for (let f = 0; f < F; f++) grad[f]! += g * z[j * F + f]!;
      }
    });
    for (let f = 0; f < F; f++)
      weights[f] = mask[f] ? weights[f]! + rate * (grad[f]! / examples.length - l2 * weights[f]!) : 0;
  }
  return { mean, std, weights };
}
