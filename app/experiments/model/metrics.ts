/**
 * Per-arm sampling summaries of the metrics a shop cares about, from the sums a query produces.
 * Each returns the mean estimate and its per-unit variance (variance of the estimate = variance / n).
 */
import type { Outcome, SampleSummary } from "./types.ts";

/** Sample variance from a sum and a sum of squares (n − 1 denominator), clamped at 0 against rounding. */
export function sampleVariance(n: number, sum: number, sumSquares: number): number {
  if (n < 2) return 0;
  return Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
}

/** Sample covariance from two sums and the sum of their products (n − 1 denominator). */
export function sampleCovariance(n: number, sumX: number, sumY: number, sumProducts: number): number {
  if (n < 2) return 0;
  return (sumProducts - (sumX * sumY) / n) / (n - 1);
}

function checkVisitors(visitors: number): string | null {
  if (!(visitors > 0)) return "no visitors";
  if (visitors < 2) return "fewer than 2 visitors: no variance can be estimated";
  return null;
}

/**
 * A conversion rate: `conversions` of `visitors` converted. Variance p(1 − p) per visitor, the binomial
 * variance that statsmodels' unpooled Wald test and GrowthBook's proportion metrics use.
 * @example proportionSummary(3407, 310) // { ok: true, n: 3407, mean: 0.0910, variance: 0.0827 }
 */
export function proportionSummary(visitors: number, conversions: number): Outcome<SampleSummary> {
  const problem = checkVisitors(visitors);
  if (problem) return { ok: false, reason: problem };
  if (conversions < 0 || conversions > visitors) {
    return {
      ok: false,
      reason: `conversions (${conversions}) must lie between 0 and visitors (${visitors})`,
    };
  }
  const p = conversions / visitors;
  return { ok: true, n: visitors, mean: p, variance: p * (1 - p) };
}

/** A mean per visitor (revenue, profit, units) from the per-visitor sum and sum of squares. */
export function meanSummary(visitors: number, sum: number, sumSquares: number): Outcome<SampleSummary> {
  const problem = checkVisitors(visitors);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, n: visitors, mean: sum / visitors, variance: sampleVariance(visitors, sum, sumSquares) };
}

/** The sums of a ratio metric: numerator and denominator per visitor and their cross products. */
export interface RatioSums {
  numeratorSum: number;
  numeratorSumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  crossProducts: number;
}

/**
 * A ratio of two per-visitor totals (average order value = revenue / orders). Its variance comes from the
 * delta method for R = X̄/Ȳ: Var(R) ≈ (σx² − 2Rσxy + R²σy²) / (n μy²) (Deng, Knoblich & Lu, "Applying the
 * delta method in metric analytics", KDD 2018, §3), returned per visitor as n·Var(R).
 */
export function ratioSummary(visitors: number, sums: RatioSums): Outcome<SampleSummary> {
  const problem = checkVisitors(visitors);
  if (problem) return { ok: false, reason: problem };
  if (sums.denominatorSum === 0)
    return { ok: false, reason: "the denominator is zero: the ratio is undefined" };
  const n = visitors;
  const meanX = sums.numeratorSum / n;
  const meanY = sums.denominatorSum / n;
  const ratio = meanX / meanY;
  const varX = sampleVariance(n, sums.numeratorSum, sums.numeratorSumSquares);
  const varY = sampleVariance(n, sums.denominatorSum, sums.denominatorSumSquares);
  const covXY = sampleCovariance(n, sums.numeratorSum, sums.denominatorSum, sums.crossProducts);
  const variance = Math.max(0, (varX - 2 * ratio * covXY + ratio * ratio * varY) / (meanY * meanY));
  return { ok: true, n, mean: ratio, variance };
}
