import { cumulative, drawIndex, type Rng } from "../../random";
import type { Sequence } from "../sequences";

/**
 * The output columns one batch's sampled softmax computes (sampledHeadLoss): every course that is a
 * target somewhere in the batch, then the negatives drawn for it, with each column's correction
 * (subtracted from its logit). A target column is there with certainty and stands for itself
 * (correction 0); a negative stands for every course outside the targets, so its correction is
 * log π, π its probability of being drawn at all. Σ over the drawn negatives of e^z / π is then an
 * unbiased estimate of the softmax denominator's part outside the targets (Horvitz-Thompson), and
 * the loss approaches the full one as the negatives grow (Jean et al. 2015; Bengio & Senécal 2008).
 */
export type ColumnSample = { cols: Int32Array; correction: Float32Array };

/** Vocabularies below this train on the full softmax when `sampledSoftmax` is absent. */
export const SAMPLED_SOFTMAX_MIN_VOCAB = 4096;
/** Negatives per batch when `sampledSoftmax` is absent and the vocabulary reaches SAMPLED_SOFTMAX_MIN_VOCAB. */
export const SAMPLED_SOFTMAX_AUTO = 1024;
/** Negatives are drawn from the courses' training counts to this power (word2vec's unigram^0.75). */
export const SAMPLED_SOFTMAX_POWER = 0.75;

/** Negatives per batch for these params and V courses: 0 = the full softmax. */
export function sampledNegatives(p: { sampledSoftmax?: number }, V: number): number {
  if (p.sampledSoftmax !== undefined) return Math.max(0, Math.floor(p.sampledSoftmax));
  return V >= SAMPLED_SOFTMAX_MIN_VOCAB ? SAMPLED_SOFTMAX_AUTO : 0;
}

/** How often each course is a next-term target in these sequences: the negatives' distribution. */
export function countTargets(seqs: Sequence[], V: number): Float64Array {
  const counts = new Float64Array(V);
  for (const s of seqs) for (const term of s.terms) for (const c of term) counts[c]! += 1;
  return counts;
}

/**
 * A sampler of `negatives` draws (with replacement, duplicates and targets dropped) from
 * (count + 1)^power, the +1 so that no course is never drawn. The inclusion probability of course
 * j in those draws is 1 − (1 − q_j)^negatives.
 */
export function createColumnSampler(
  counts: ArrayLike<number>,
  negatives: number,
  rng: Rng,
  power = SAMPLED_SOFTMAX_POWER,
): (seqs: Sequence[]) => ColumnSample {
  const V = counts.length;
  const weights = Float64Array.from({ length: V }, (_, j) => Math.pow(counts[j]! + 1, power));
  const cum = cumulative(weights);
  const total = cum[V - 1]!;
  const logIncluded = (j: number) => Math.log(-Math.expm1(negatives * Math.log1p(-weights[j]! / total)));
  return (seqs) => {
    const seen = new Uint8Array(V);
    const cols: number[] = [];
    const correction: number[] = [];
    for (const s of seqs)
      for (const term of s.terms)
        for (const c of term)
          if (!seen[c]) {
            seen[c] = 1;
            cols.push(c);
            correction.push(0);
          }
    for (let i = 0; i < negatives; i++) {
      const j = drawIndex(cum, rng.next());
      if (seen[j]) continue;
      seen[j] = 1;
      cols.push(j);
      correction.push(logIncluded(j));
    }
    return { cols: Int32Array.from(cols), correction: Float32Array.from(correction) };
  };
}
