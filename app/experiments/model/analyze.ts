/**
 * The whole analysis of an experiment: SRM check, then for every variant and metric the fixed-horizon,
 * sequential and Bayesian results (CUPED-adjusted when pre-experiment sums are given), with an optional
 * multiple-testing correction across all comparisons. The shape is the `keel experiment` JSON output.
 */
import { bayesianLift, type BayesianResult, type NormalPrior } from "./bayesian.ts";
import { cupedAdjust, type CupedSums } from "./cuped.ts";
import { absoluteDifference, relativeDifference, welchTest } from "./frequentist.ts";
import { meanSummary, proportionSummary, ratioSummary } from "./metrics.ts";
import { adjustPValues, type Correction } from "./multiple-testing.ts";
import { DEFAULT_TAU, sequentialInterval } from "./sequential.ts";
import { SRM_THRESHOLD, sampleRatioMismatch } from "./srm.ts";
import type {
  Alternative,
  ArmInput,
  ExperimentInput,
  Interval,
  MetricDefinition,
  MetricType,
  Outcome,
  SampleSummary,
} from "./types.ts";

/** Options of an analysis; every field has a default. */
export interface AnalysisOptions {
  alpha: number;
  /** The sequential tuning parameter τ (total visitors where the confidence sequence is tightest). */
  tau: number;
  alternative: Alternative;
  /** Normal prior on the relative lift for the Bayesian summary; null for a flat prior. */
  prior: NormalPrior | null;
  correction: Correction;
  srmThreshold: number;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  alpha: 0.05,
  tau: DEFAULT_TAU,
  alternative: "two-sided",
  prior: null,
  correction: "none",
  srmThreshold: SRM_THRESHOLD,
};

/** An interval, with its adjusted p-value when a multiple-testing correction was asked for. */
export type ReportedInterval = Interval & { pValueAdjusted?: number };

/** One variant against the control on one metric. */
export type Comparison =
  | {
      ok: true;
      arm: string;
      metric: string;
      type: MetricType;
      control: SampleSummary;
      variant: SampleSummary;
      degreesOfFreedom: number;
      absolute: ReportedInterval;
      /** Null when the control mean is zero (see notes). */
      relative: ReportedInterval | null;
      sequential: { absolute: ReportedInterval; relative: ReportedInterval | null };
      /** On the relative lift; null when the relative lift is undefined. */
      bayesian: BayesianResult | null;
      cuped: { theta: number; varianceReduction: number } | null;
      notes: string[];
    }
  | { ok: false; arm: string; metric: string; reason: string };

/** The SRM part of the report. */
export type SrmReport =
  | { ok: true; pValue: number; flagged: boolean; chiSquare: number; degreesOfFreedom: number }
  | { ok: false; pValue: null; flagged: false; reason: string };

export interface ExperimentAnalysis {
  srm: SrmReport;
  results: Comparison[];
  notes: string[];
  options: AnalysisOptions;
}

function summarise(
  arm: ArmInput,
  metric: string,
  definition: MetricDefinition,
): Outcome<{ summary: SampleSummary; cuped: CupedSums | null }> {
  const sums = arm.metrics[metric];
  if (!sums) return { ok: false, reason: `arm '${arm.name}' has no sums for metric '${metric}'` };
  const n = arm.visitors;
  let summary: Outcome<SampleSummary>;
  let sumSquares: number | undefined = sums.sumSquares;
  if (definition.type === "proportion") {
    summary = proportionSummary(n, sums.sum);
    sumSquares = sums.sum; // each visitor is 0 or 1
  } else if (definition.type === "mean") {
    if (sums.sumSquares === undefined) return { ok: false, reason: `metric '${metric}' needs sumSquares` };
    summary = meanSummary(n, sums.sum, sums.sumSquares);
  } else {
    const { sumSquares: ss, denominatorSum, denominatorSumSquares, denominatorCrossProducts } = sums;
    if (
      ss === undefined ||
      denominatorSum === undefined ||
      denominatorSumSquares === undefined ||
      denominatorCrossProducts === undefined
    ) {
      return {
        ok: false,
        reason: `ratio metric '${metric}' needs sumSquares, denominatorSum, denominatorSumSquares and denominatorCrossProducts`,
      };
    }
    summary = ratioSummary(n, {
      numeratorSum: sums.sum,
      numeratorSumSquares: ss,
      denominatorSum,
      denominatorSumSquares,
      crossProducts: denominatorCrossProducts,
    });
  }
  if (!summary.ok) return { ok: false, reason: `arm '${arm.name}', metric '${metric}': ${summary.reason}` };
  const { preSum, preSumSquares, sumCrossProducts } = sums;
  const cuped: CupedSums | null =
    definition.type !== "ratio" &&
    preSum !== undefined &&
    preSumSquares !== undefined &&
    sumCrossProducts !== undefined &&
    sumSquares !== undefined
      ? { n, sum: sums.sum, sumSquares, preSum, preSumSquares, sumCrossProducts }
      : null;
  const { ok: _ok, ...plain } = summary;
  return { ok: true, summary: plain, cuped };
}

function compare(
  controlArm: ArmInput,
  variantArm: ArmInput,
  metric: string,
  definition: MetricDefinition,
  options: AnalysisOptions,
): Comparison {
  const base = { arm: variantArm.name, metric };
  const controlData = summarise(controlArm, metric, definition);
  if (!controlData.ok) return { ok: false, ...base, reason: controlData.reason };
  const variantData = summarise(variantArm, metric, definition);
  if (!variantData.ok) return { ok: false, ...base, reason: variantData.reason };
  const notes: string[] = [];
  let control = controlData.summary;
  let variant = variantData.summary;
  let cuped: { theta: number; varianceReduction: number } | null = null;
  if (controlData.cuped && variantData.cuped) {
    const adjusted = cupedAdjust(controlData.cuped, variantData.cuped);
    if (adjusted.ok) {
      control = adjusted.control;
      variant = adjusted.variant;
      cuped = { theta: adjusted.theta, varianceReduction: adjusted.varianceReduction };
    } else {
      notes.push(`CUPED not applied: ${adjusted.reason}`);
    }
  } else if (controlData.cuped || variantData.cuped) {
    notes.push("CUPED not applied: pre-experiment sums are missing in one arm");
  }
  const fixed = welchTest(control, variant, { alpha: options.alpha, alternative: options.alternative });
  if (!fixed.ok) return { ok: false, ...base, reason: fixed.reason };
  const sampleSize = control.n + variant.n;
  const sequentialOptions = { alpha: options.alpha, tau: options.tau, alternative: options.alternative };
  const lift = relativeDifference(control, variant);
  if (!lift.ok) notes.push(lift.reason);
  if (control.mean < 0)
    notes.push("the control mean is negative: a positive relative lift means a lower value");
  let relative: Interval | null = null;
  if (fixed.relative.ok) {
    const { ok: _ok, ...interval } = fixed.relative;
    relative = interval;
  }
  return {
    ok: true,
    ...base,
    type: definition.type,
    control,
    variant,
    degreesOfFreedom: fixed.degreesOfFreedom,
    absolute: fixed.absolute,
    relative,
    sequential: {
      absolute: sequentialInterval(absoluteDifference(control, variant), sampleSize, sequentialOptions),
      relative: lift.ok ? sequentialInterval(lift, sampleSize, sequentialOptions) : null,
    },
    bayesian: lift.ok ? bayesianLift(lift, { alpha: options.alpha, prior: options.prior }) : null,
    cuped,
    notes,
  };
}

/** Adjust every p-value of one kind across all comparisons and write the adjusted value beside it. */
function applyCorrection(results: Comparison[], correction: Correction): void {
  if (correction === "none") return;
  const pick: ((c: Extract<Comparison, { ok: true }>) => ReportedInterval | null)[] = [
    (c) => c.absolute,
    (c) => c.relative,
    (c) => c.sequential.absolute,
    (c) => c.sequential.relative,
  ];
  for (const select of pick) {
    const intervals: ReportedInterval[] = [];
    for (const result of results) {
      if (!result.ok) continue;
      const interval = select(result);
      if (interval) intervals.push(interval);
    }
    const adjusted = adjustPValues(
      intervals.map((interval) => interval.pValue),
      correction,
    );
    intervals.forEach((interval, i) => (interval.pValueAdjusted = adjusted[i]));
  }
}

/**
 * Analyse an experiment: the first arm is the control.
 * @example analyzeExperiment({ arms: [...], metrics: { orders: { type: "proportion" } } }).results[0].absolute
 */
export function analyzeExperiment(
  input: ExperimentInput,
  overrides: Partial<AnalysisOptions> = {},
): ExperimentAnalysis {
  const options: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, ...overrides };
  const notes: string[] = [];
  const srmResult = sampleRatioMismatch(
    input.arms.map((arm) => arm.visitors),
    input.arms.map((arm) => arm.weight),
    options.srmThreshold,
  );
  const srm: SrmReport = srmResult.ok
    ? { ...srmResult }
    : { ok: false, pValue: null, flagged: false, reason: srmResult.reason };
  if (srm.ok && srm.flagged) {
    notes.push(
      "sample ratio mismatch: the split of visitors does not match the weights; do not trust the results",
    );
  }
  if (input.arms.length < 2) notes.push("one arm only: there is no variant to compare with the control");
  const [controlArm, ...variants] = input.arms;
  const results: Comparison[] = [];
  for (const variantArm of variants) {
    for (const [metric, definition] of Object.entries(input.metrics)) {
      results.push(compare(controlArm, variantArm, metric, definition, options));
    }
  }
  applyCorrection(results, options.correction);
  return { srm, results, notes, options };
}
