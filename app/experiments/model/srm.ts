/**
 * Sample ratio mismatch: are the visitors split across arms as the weights intended? A chi-square
 * goodness-of-fit test (Pearson 1900); a p-value below 0.001 means the assignment or the tracking is
 * broken and no result of the experiment should be trusted (Fabijan et al., "Diagnosing sample ratio
 * mismatch in online controlled experiments", KDD 2019, use the same threshold).
 */
import { chiSquareSf } from "./distributions.ts";
import type { Outcome } from "./types.ts";

/** The SRM flag threshold on the p-value. */
export const SRM_THRESHOLD = 0.001;

/** The SRM check's result. */
export interface SrmResult {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  flagged: boolean;
}

/**
 * Chi-square test of observed visitors per arm against intended weights (weights need not sum to 1).
 * Matches `scipy.stats.chisquare(visitors, f_exp=total * weights / sum(weights))`.
 * @example sampleRatioMismatch([3407, 3461], [0.5, 0.5]) // { ok: true, pValue: 0.515…, flagged: false, … }
 */
export function sampleRatioMismatch(
  visitors: number[],
  weights: number[],
  threshold = SRM_THRESHOLD,
): Outcome<SrmResult> {
  if (visitors.length !== weights.length) return { ok: false, reason: "one weight is needed per arm" };
  if (visitors.length < 2) return { ok: false, reason: "one arm only: there is no split to check" };
  if (weights.some((w) => !(w > 0) || !Number.isFinite(w))) {
    return { ok: false, reason: "every arm's weight must be a positive number" };
  }
  const total = visitors.reduce((sum, v) => sum + v, 0);
  if (!(total > 0)) return { ok: false, reason: "no visitors yet" };
  const weightTotal = weights.reduce((sum, w) => sum + w, 0);
  let chiSquare = 0;
  for (let i = 0; i < visitors.length; i++) {
    const expected = (total * weights[i]) / weightTotal;
    const deviation = visitors[i] - expected;
    chiSquare += (deviation * deviation) / expected;
  }
  const degreesOfFreedom = visitors.length - 1;
  const pValue = chiSquareSf(chiSquare, degreesOfFreedom);
  return { ok: true, chiSquare, degreesOfFreedom, pValue, flagged: pValue < threshold };
}
