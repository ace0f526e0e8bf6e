/**
 * Prediction intervals for demand: normal (analytic, from a model's forecast variance) and empirical /
 * conformal (quantiles of observed forecast errors), so every model, intermittent ones included, gets
 * intervals. All intervals are central, nested (lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95) and cut at zero because
 * demand is never negative.
 */
import { normalQuantile, sortedQuantile } from "./stats.ts";
import type { PredictionInterval } from "./types.ts";

/** Default interval levels in percent. */
export const DEFAULT_LEVELS = [80, 95] as const;

/** Sorted, de-duplicated levels strictly between 0 and 100. */
export function normaliseLevels(levels: readonly number[]): number[] {
  return [...new Set(levels.filter((l) => Number.isFinite(l) && l > 0 && l < 100))].sort((a, b) => a - b);
}

/** Replaces anything that is not a finite non-negative number by 0. */
export function demandValue(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Normal intervals mean ± z·sd, with the mean and bounds cut at zero. */
export function normalIntervals(
  mean: readonly number[],
  standardDeviation: readonly number[],
  levels: readonly number[],
): PredictionInterval[] {
  return normaliseLevels(levels).map((level) => {
    const z = normalQuantile(0.5 + level / 200);
    const sd = standardDeviation.map((s) => (Number.isFinite(s) && s > 0 ? s : 0));
    return {
      level,
      lower: mean.map((mu, i) => demandValue(Math.min(mu, mu - z * sd[i]))),
      upper: mean.map((mu, i) => demandValue(Math.max(mu, mu + z * sd[i]))),
    };
  });
}

/**
 * Empirical intervals: the mean plus quantiles of past errors `actual − forecast`. With `conformal`,
 * the quantile level is raised to ⌈(n+1)(1−a/2)⌉/n as in split conformal prediction (Vovk et al. 2005;
 * Lei et al. 2018, JASA 113), which keeps coverage at or above the nominal level for exchangeable errors.
 */
export function errorQuantileIntervals(
  mean: readonly number[],
  errors: readonly number[],
  levels: readonly number[],
  conformal = false,
): PredictionInterval[] {
  const finite = Float64Array.from(errors.filter((e) => Number.isFinite(e))).sort();
  const n = finite.length;
  return normaliseLevels(levels).map((level) => {
    if (n === 0) return { level, lower: mean.map(demandValue), upper: mean.map(demandValue) };
    let upperP = 0.5 + level / 200;
    let lowerP = 0.5 - level / 200;
    if (conformal) {
      upperP = Math.min(1, Math.ceil((n + 1) * upperP) / n);
      lowerP = Math.max(0, 1 - upperP);
    }
    const lowerError = sortedQuantile(finite, lowerP);
    const upperError = sortedQuantile(finite, upperP);
    return {
      level,
      lower: mean.map((mu) => demandValue(Math.min(mu, mu + lowerError))),
      upper: mean.map((mu) => demandValue(Math.max(mu, mu + upperError))),
    };
  });
}

/**
 * Future paths drawn by resampling past errors around the mean (a residual bootstrap, Efron & Tibshirani
 * 1993), with a seeded generator; `cumulative` adds the errors up along the path (random-walk models).
 */
export function bootstrapPaths(
  mean: readonly number[],
  errors: readonly number[],
  paths: number,
  uniform: () => number,
  cumulative = false,
): number[][] {
  const pool = errors.filter((e) => Number.isFinite(e));
  const out: number[][] = [];
  for (let p = 0; p < paths; p++) {
    const path: number[] = [];
    let drift = 0;
    for (let h = 0; h < mean.length; h++) {
      const e = pool.length === 0 ? 0 : pool[Math.floor(uniform() * pool.length)];
      drift = cumulative ? drift + e : e;
      path.push(demandValue(mean[h] + drift));
    }
    out.push(path);
  }
  return out;
}
