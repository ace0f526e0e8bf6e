/**
 * Fixed-horizon tests: Welch's t-test of the absolute difference of means, and of the relative lift
 * through the delta method. Valid when the sample size is fixed in advance and the result is read once;
 * merchants who look every day should read the sequential results (sequential.ts) instead.
 */
import { studentTSf, studentTTails, studentTUpperQuantile } from "./distributions.ts";
import type { Alternative, Interval, Outcome, SampleSummary } from "./types.ts";

/** Options of the fixed-horizon tests. */
export interface FrequentistOptions {
  /** Significance level, e.g. 0.05 for 95 % intervals. */
  alpha: number;
  alternative: Alternative;
}

/** An estimate with its standard error, the input of every test in this engine. */
export interface Difference {
  estimate: number;
  standardError: number;
}

/**
 * Welch–Satterthwaite degrees of freedom (Welch 1947):
 * (v₁/n₁ + v₂/n₂)² / ((v₁/n₁)²/(n₁ − 1) + (v₂/n₂)²/(n₂ − 1)).
 */
export function welchDegreesOfFreedom(control: SampleSummary, variant: SampleSummary): number {
  const a = control.variance / control.n;
  const b = variant.variance / variant.n;
  const denominator = (a * a) / (control.n - 1) + (b * b) / (variant.n - 1);
  return denominator > 0 ? ((a + b) * (a + b)) / denominator : Infinity;
}

/** The absolute difference variant − control and its standard error. */
export function absoluteDifference(control: SampleSummary, variant: SampleSummary): Difference {
  return {
    estimate: variant.mean - control.mean,
    standardError: Math.sqrt(control.variance / control.n + variant.variance / variant.n),
  };
}

/**
 * The relative lift variant/control − 1 and its delta-method standard error, treating the two arms as
 * independent: Var ≈ Var(x̄_b)/x̄_a² + x̄_b² Var(x̄_a)/x̄_a⁴ (Deng, Knoblich & Lu, KDD 2018, §3.2).
 */
export function relativeDifference(control: SampleSummary, variant: SampleSummary): Outcome<Difference> {
  if (control.mean === 0)
    return { ok: false, reason: "the control mean is zero: relative lift is undefined" };
  const mc = control.mean;
  const mv = variant.mean;
  const varianceOfLift =
    variant.variance / variant.n / (mc * mc) + (mv * mv * control.variance) / control.n / mc ** 4;
  return { ok: true, estimate: mv / mc - 1, standardError: Math.sqrt(varianceOfLift) };
}

/** The critical value of the t interval: t₁₋α/₂ two-sided, t₁₋α one-sided. */
export function criticalValue(degreesOfFreedom: number, options: FrequentistOptions): number {
  const tail = options.alternative === "two-sided" ? options.alpha / 2 : options.alpha;
  return studentTUpperQuantile(tail, degreesOfFreedom);
}

/**
 * A t interval and p-value for an estimate with standard error and df degrees of freedom (df = Infinity
 * gives the z-test). One-sided alternatives give one-sided intervals with an infinite end. `critical`
 * may be passed when several intervals share df and alpha.
 */
export function tInterval(
  difference: Difference,
  degreesOfFreedom: number,
  options: FrequentistOptions,
  critical = criticalValue(degreesOfFreedom, options),
): Interval {
  const { estimate, standardError } = difference;
  const statistic = estimate / standardError;
  const margin = critical * standardError;
  if (options.alternative === "two-sided") {
    const tails = studentTTails(Math.abs(statistic), degreesOfFreedom);
    return {
      estimate,
      standardError,
      ci: [estimate - margin, estimate + margin],
      pValue: Math.min(1, 2 * tails.upper),
    };
  }
  if (options.alternative === "greater") {
    return {
      estimate,
      standardError,
      ci: [estimate - margin, Infinity],
      pValue: studentTSf(statistic, degreesOfFreedom),
    };
  }
  return {
    estimate,
    standardError,
    ci: [-Infinity, estimate + margin],
    pValue: studentTSf(-statistic, degreesOfFreedom),
  };
}

/** The result of a Welch test of one variant against the control. */
export interface WelchResult {
  degreesOfFreedom: number;
  absolute: Interval;
  relative: Outcome<Interval>;
}

/**
 * Welch's unequal-variance t-test of variant against control, on the absolute difference and on the
 * relative lift (same Welch df for both, as GrowthBook does). Matches scipy's
 * `ttest_ind_from_stats(..., equal_var=False)` for the absolute difference.
 * @example welchTest({ n: 3407, mean: 0.41, variance: 15.2 }, { n: 3461, mean: 0.47, variance: 16.1 },
 *   { alpha: 0.05, alternative: "two-sided" })
 */
export function welchTest(
  control: SampleSummary,
  variant: SampleSummary,
  options: FrequentistOptions,
): Outcome<WelchResult> {
  if (control.n < 2 || variant.n < 2) return { ok: false, reason: "each arm needs at least 2 visitors" };
  if (control.variance === 0 && variant.variance === 0) {
    return {
      ok: false,
      reason: "zero variance in both arms: every visitor has the same value, nothing to test",
    };
  }
  const degreesOfFreedom = welchDegreesOfFreedom(control, variant);
  const critical = criticalValue(degreesOfFreedom, options);
  const absolute = tInterval(absoluteDifference(control, variant), degreesOfFreedom, options, critical);
  const lift = relativeDifference(control, variant);
  const relative: Outcome<Interval> = lift.ok
    ? { ok: true, ...tInterval(lift, degreesOfFreedom, options, critical) }
    : lift;
  return { ok: true, degreesOfFreedom, absolute, relative };
}
