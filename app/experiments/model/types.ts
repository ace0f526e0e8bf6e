/**
 * Shared shapes of the experiment statistics engine. Plain data only: the engine takes sums a database
 * query produced and returns plain objects a page or the CLI renders.
 */

/** An expected failure, reported instead of a throw or a NaN. */
export interface Failure {
  ok: false;
  reason: string;
}

/** A computed value, or the reason it could not be computed. */
export type Outcome<T> = ({ ok: true } & T) | Failure;

/**
 * The sampling summary of one arm for one metric: n units (visitors), the estimate of the metric's mean
 * per unit, and the per-unit variance, so that the variance of the estimate is `variance / n`.
 */
export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}

/** Which difference a test looks for: any (two-sided), or the variant above / below the control. */
export type Alternative = "two-sided" | "greater" | "less";

/** A point estimate with its confidence interval and p-value. One-sided intervals use ±Infinity. */
export interface Interval {
  estimate: number;
  standardError: number;
  ci: [number, number];
  pValue: number;
}

/** How a metric is summarised per arm. */
export type MetricType = "proportion" | "mean" | "ratio";

/**
 * The per-arm sums for one metric, as a query over visitors produces them.
 * - proportion: `sum` = converting visitors (each visitor counts 0 or 1).
 * - mean: `sum` and `sumSquares` of the per-visitor values (revenue, profit, units).
 * - ratio: numerator `sum` / `sumSquares`, denominator `denominatorSum` / `denominatorSumSquares`, and
 *   `denominatorCrossProducts` = Σ numerator·denominator per visitor (for the delta method).
 * CUPED (optional): the pre-experiment covariate's `preSum`, `preSumSquares`, and `sumCrossProducts`
 * = Σ value·preValue per visitor.
 */
export interface MetricSums {
  sum: number;
  sumSquares?: number;
  denominatorSum?: number;
  denominatorSumSquares?: number;
  denominatorCrossProducts?: number;
  preSum?: number;
  preSumSquares?: number;
  sumCrossProducts?: number;
}

/** One arm of an experiment; the first arm of an experiment is the control. */
export interface ArmInput {
  name: string;
  weight: number;
  visitors: number;
  metrics: Record<string, MetricSums>;
}

/** A metric's definition. */
export interface MetricDefinition {
  type: MetricType;
}

/** What `keel experiment --input` reads. */
export interface ExperimentInput {
  arms: ArmInput[];
  metrics: Record<string, MetricDefinition>;
}
