/**
 * Capping per-visitor values at a percentile ("winsorising" from above), so a handful of wholesale
 * orders cannot swamp a revenue test. The cap is computed once over all arms pooled, as GrowthBook and
 * Optimizely do, so the same rule applies to every arm.
 */
import type { Outcome } from "./types.ts";

/**
 * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics (Hyndman & Fan 1996,
 * definition 7; numpy's and R's default).
 */
export function percentile(values: readonly number[], q: number): Outcome<{ value: number }> {
  if (values.length === 0) return { ok: false, reason: "no values" };
  if (!(q >= 0 && q <= 1)) return { ok: false, reason: "the percentile must lie between 0 and 1" };
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return { ok: true, value: sorted[below] + fraction * (sorted[above] - sorted[below]) };
}

/** Values capped at a percentile, with the cap and how many values it touched. */
export interface CappedValues {
  cap: number;
  values: number[];
  cappedCount: number;
}

/** Cap every value above the q-quantile of `values` at that quantile. */
export function capAtPercentile(values: readonly number[], q: number): Outcome<CappedValues> {
  const cap = percentile(values, q);
  if (!cap.ok) return cap;
  let cappedCount = 0;
  const capped = values.map((value) => {
    if (value > cap.value) {
      cappedCount++;
      return cap.value;
    }
    return value;
  });
  return { ok: true, cap: cap.value, values: capped, cappedCount };
}

/** The sums the engine takes, from raw per-visitor values (after capping, if any). */
export function summariseValues(values: readonly number[]): {
  visitors: number;
  sum: number;
  sumSquares: number;
} {
  let sum = 0;
  let sumSquares = 0;
  for (const value of values) {
    sum += value;
    sumSquares += value * value;
  }
  return { visitors: values.length, sum, sumSquares };
}
