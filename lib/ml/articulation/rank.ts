import { combinedScores, softmax, type Combination } from "./combine";
import {
  F,
  SIGNALS,
  featureRows,
  neighbourCue,
  prepareAnchors,
  strongestAnchor,
  type Context,
  type Signal,
} from "./features";
import { Spaces } from "./fit";
import { sharedTerms } from "./text";
import { fitTranslation, translatedSimilarity, type TranslationConfig } from "./translate";

/** One proposed `to` course for a `from` course. */
export type Candidate = {
  to: number;
  rank: number;
  /** The model's probability that this is (one of) the equivalents, over every `to` course. */
  score: number;
  signals: Record<Signal, number>;
  reasons: { signal: Signal; text: string }[];
};

/** Scores every `to` course for any `from` course, with the translation and anchors of all known pairs. */
export type Scorer = {
  /** Signal rows [nTo * F] of `from` course i. */
  rows: (i: number) => Float64Array;
  combined: (rows: Float64Array) => Float64Array;
  candidates: (i: number, top: number) => Candidate[];
};

export function buildScorer(
  ctx: Context,
  known: [number, number][],
  translation: TranslationConfig,
  combination: Combination,
): Scorer {
  const [from, to] = new Spaces(ctx).get(translation.dims);
  const W = fitTranslation(from, to, known, translation);
  const anchors = prepareAnchors(ctx, known);
  const rows = (i: number) =>
    featureRows(ctx, i, translatedSimilarity(from, to, W, [i]), neighbourCue(ctx, anchors, i));
  const combined = (r: Float64Array) => combinedScores(combination, r);

  const candidates = (i: number, top: number): Candidate[] => {
    const r = rows(i);
    const s = combined(r);
    const p = softmax(s);
    const order = Array.from(s.keys()).sort((a, b) => s[b]! - s[a]! || a - b);
    const enrollmentRank = new Map(
      Array.from(s.keys())
        .sort((a, b) => r[b * F]! - r[a * F]!)
        .map((j, k) => [j, k + 1]),
    );
    return order.slice(0, top).map((j, k) => {
      const signals = Object.fromEntries(SIGNALS.map((name, f) => [name, round(r[j * F + f]!)])) as Record<
        Signal,
        number
      >;
      return {
        to: j,
        rank: k + 1,
        score: round(p[j]!),
        signals,
        reasons: reasonsFor(ctx, anchors, i, j, signals, enrollmentRank.get(j)!),
      };
    });
  };
  return { rows, combined, candidates };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

function reasonsFor(
  ctx: Context,
  anchors: ReturnType<typeof prepareAnchors>,
  i: number,
  j: number,
  signals: Record<Signal, number>,
  enrollmentRank: number,
): Candidate["reasons"] {
  const out: Candidate["reasons"] = [];
  const nTo = ctx.to.length;
  if (ctx.fromUnit[i] && ctx.toUnit[j] && enrollmentRank <= 10)
    out.push({
      signal: "enrollment",
      text: `Near in enrollment context after translation (${ordinal(enrollmentRank)} nearest of ${nTo})`,
    });
  const terms = sharedTerms(ctx.fromText[i]!, ctx.toText[j]!, 5).map((t) => ctx.surface.get(t) ?? t);
  if (terms.length > 0 && signals.description >= 0.1)
    out.push({ signal: "description", text: `Shared description terms: ${terms.join(", ")}` });
  const titleShared = ctx.fromTitle[i]!.filter((t) => ctx.toTitle[j]!.includes(t)).map(
    (t) => ctx.surface.get(t) ?? t,
  );
  if (titleShared.length > 0)
    out.push({ signal: "title", text: `Title words in common: ${[...new Set(titleShared)].join(", ")}` });
  if (signals.number === 1) out.push({ signal: "number", text: `Same course number (${ctx.to[j]!.number})` });
  const anchor = signals.neighbour >= 0.3 ? strongestAnchor(ctx, anchors, i, j) : null;
  if (anchor)
    out.push({
      signal: "neighbour",
      text:
        anchor[1] === j
          ? `Taken with ${ctx.from[anchor[0]]!.code}, which counts as this course`
          : `Taken with ${ctx.from[anchor[0]]!.code}, which counts as ${ctx.to[anchor[1]]!.code}, a course near this one`,
    });
  return out;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
