/**
 * Distribution of total demand over a replenishment lead time of L days, the quantity a reorder point must
 * cover (Silver, Pyke & Thomas, *Inventory and Production Management in Supply Chains*, 4th ed., §6.7).
 * Daily forecast errors are correlated (an unexpectedly strong day raises the level for the following
 * days), so the sum is not the sum of daily intervals: it is obtained by simulating whole future paths from
 * the fitted model with a seeded generator (deterministic), each day cut at zero.
 */
import { demandValue } from "./intervals.ts";
import { sortedQuantile } from "./stats.ts";
import type { DemandModel } from "./types.ts";

export interface LeadTimeDemand {
  leadTimeDays: number;
  /** Sum of the daily forecast means over the lead time. */
  mean: number;
  /** Mean of the simulated totals (≥ `mean` when days are cut at zero). */
  simulatedMean: number;
  /** Quantiles of the total, non-decreasing in probability. */
  quantiles: { probability: number; units: number }[];
  paths: number;
}

export interface LeadTimeOptions {
  probabilities?: readonly number[];
  /** Number of simulated paths (default 2000). */
  paths?: number;
  seed?: number;
}

export const DEFAULT_PROBABILITIES = [0.5, 0.8, 0.9, 0.95, 0.99] as const;

/**
 * Lead-time demand of a fitted model.
 * @example
 * const s = selectModel({ quantities }, { horizonDays: 28 });
 * if (s.model) leadTimeDemand(s.model, s.fitted, 14).quantiles // 95% → reorder point candidate
 */
export function leadTimeDemand<F>(
  model: DemandModel<F>,
  fitted: F,
  leadTimeDays: number,
  options: LeadTimeOptions = {},
): LeadTimeDemand {
  const days = Math.max(0, Math.floor(Number.isFinite(leadTimeDays) ? leadTimeDays : 0));
  const probabilities = [...(options.probabilities ?? DEFAULT_PROBABILITIES)]
    .filter((p) => p > 0 && p < 1)
    .sort((a, b) => a - b);
  const paths = Math.max(1, Math.floor(options.paths ?? 2000));
  if (days === 0) {
    return {
      leadTimeDays: 0,
      mean: 0,
      simulatedMean: 0,
      quantiles: probabilities.map((probability) => ({ probability, units: 0 })),
      paths: 0,
    };
  }
  const mean = model.predict(fitted, days, []).mean.reduce((a, b) => a + b, 0);
  const totals = Float64Array.from(
    model
      .simulate(fitted, days, paths, options.seed ?? 20240501)
      .map((path) => path.reduce((a, b) => a + demandValue(b), 0)),
  ).sort();
  const simulatedMean = totals.reduce((a, b) => a + b, 0) / totals.length;
  return {
    leadTimeDays: days,
    mean: demandValue(mean),
    simulatedMean: demandValue(simulatedMean),
    quantiles: probabilities.map((probability) => ({
      probability,
      units: demandValue(sortedQuantile(totals, probability)),
    })),
    paths,
  };
}

/** Zero demand over any lead time, for items with no model (no history or no sales). */
export function zeroLeadTimeDemand(
  leadTimeDays: number,
  probabilities: readonly number[] = DEFAULT_PROBABILITIES,
): LeadTimeDemand {
  return {
    leadTimeDays: Math.max(0, Math.floor(leadTimeDays) || 0),
    mean: 0,
    simulatedMean: 0,
    quantiles: probabilities.map((probability) => ({ probability, units: 0 })),
    paths: 0,
  };
}
