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

type Pass = { objective: number; grad: number[]; hess: number[][] };

/** Mean log P(true set), its gradient and (the single-answer part of) its Hessian, at `w`. */
function evaluate(zs: Float64Array[], examples: Example[], w: number[], l2: number): Pass {
  let objective = 0;
  const grad = new Array<number>(F).fill(0);
  const hess = Array.from({ length: F }, () => new Array<number>(F).fill(0));
  const mean = new Array<number>(F);
  examples.forEach((e, x) => {
    const z = zs[x]!;
    const n = z.length / F;
    const s = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let f = 0; f < F; f++) v += w[f]! * z[j * F + f]!;
      s[j] = v;
    }
    const p = softmax(s);
    let inTruth = 0;
    for (const t of e.truth) inTruth += p[t]!;
    objective += Math.log(Math.max(1e-300, inTruth));
    mean.fill(0);
    for (let j = 0; j < n; j++) {
      // d log P(T) / d s_j = q_j − p_j with q the posterior within the true set.
      const q = e.truth.has(j) ? p[j]! / Math.max(1e-300, inTruth) : 0;
      const g = q - p[j]!;
      const pj = p[j]!;
      for (let f = 0; f < F; f++) {
        const zf = z[j * F + f]!;
        grad[f]! += g * zf;
        mean[f]! += pj * zf;
        if (pj > 1e-12) for (let k = 0; k <= f; k++) hess[f]![k]! -= pj * zf * z[j * F + k]!;
      }
    }
    for (let f = 0; f < F; f++) for (let k = 0; k <= f; k++) hess[f]![k]! += mean[f]! * mean[k]!;
  });
  const m = examples.length;
  for (let f = 0; f < F; f++) {
    grad[f] = grad[f]! / m - l2 * w[f]!;
    for (let k = 0; k <= f; k++) hess[f]![k] = hess[k]![f] = hess[f]![k]! / m - (f === k ? l2 : 0);
  }
  return { objective: objective / m - (l2 / 2) * w.reduce((a, v) => a + v * v, 0), grad, hess };
}

/** Solves A x = b for a small dense system (Gaussian elimination with partial pivoting). */
function solveSmall(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const k = M[r]![c]! / d;
      for (let j = c; j <= n; j++) M[r]![j]! -= k * M[c]![j]!;
    }
  }
  return M.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/**
 * Fits the weights by Newton's method on the mean log-probability of each example's true set
 * (the Hessian of the one-answer model, which is negative definite; a halving line search keeps
 * each step an ascent). Six parameters: it converges in a few dozen passes where gradient steps
 * took hundreds. `mask` zeroes signals out (an ablation keeps the others' weights free).
 */
export function fitCombination(
  examples: Example[],
  { l2 = 0.01, steps = 30, mask = new Array<boolean>(F).fill(true) } = {},
): Combination {
  const { mean, std } = standardiser(examples);
  let weights: number[] = new Array<number>(F).fill(0);
  if (examples.length === 0) return { mean, std, weights };
  const zs = examples.map((e) => standardise(e, mean, std));
  let pass = evaluate(zs, examples, weights, l2);
  for (let step = 0; step < steps; step++) {
    // Masked signals stay at 0: their rows of the system become w_f = 0.
    const H = pass.hess.map((row, f) => row.map((v, k) => (mask[f] && mask[k] ? v : f === k ? -1 : 0)));
    const g = pass.grad.map((v, f) => (mask[f] ? v : 0));
    const delta = solveSmall(H, g).map((v) => -v);
    let t = 1;
    let next = pass;
    let tried: number[] = weights;
    for (let k = 0; k < 20; k++, t /= 2) {
      tried = weights.map((w, f) => w + t * delta[f]!);
      next = evaluate(zs, examples, tried, l2);
      if (next.objective >= pass.objective) break;
    }
    if (next.objective < pass.objective) break;
    const gain = next.objective - pass.objective;
    weights = tried;
    pass = next;
    if (gain < 1e-9) break;
  }
  return { mean, std, weights };
}
