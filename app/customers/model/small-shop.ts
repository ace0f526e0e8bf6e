/**
 * Small shops: when there is too little repeat data the BG/NBD and Gamma-Gamma estimates are noise, so
 * Keel says so and scores customers with a transparent heuristic instead (docs/customers.md, "Small shops").
 */
import type { ClvSchedule } from "./clv.ts";
import { unitDays, type CustomerSummary, type TimeUnit } from "./types.ts";

/** The stated minimum of repeat data below which the fitted models are not trusted. */
export const TRUST_THRESHOLDS = {
  /** Customers with at least one repeat purchase. */
  repeatCustomers: 50,
  /** Repeat purchases over all customers. */
  repeatPurchases: 100,
  /** Days from the earliest first purchase to the as-of date. */
  historyDays: 90,
} as const;

export interface TrustAssessment {
  trusted: boolean;
  /** Why the fit is not trusted (empty when it is). */
  reasons: string[];
}

/**
 * Decides whether a shop has enough repeat data for the fitted models. Fit failures are passed in as
 * reasons so that one list says everything.
 */
export function assessRepeatData(
  customers: ReadonlyArray<Pick<CustomerSummary, "frequency" | "T">>,
  unit: TimeUnit,
  fitProblems: ReadonlyArray<string> = [],
): TrustAssessment {
  let repeatCustomers = 0;
  let repeatPurchases = 0;
  let longestT = 0;
  for (const c of customers) {
    if (c.frequency > 0) repeatCustomers++;
    repeatPurchases += c.frequency;
    longestT = Math.max(longestT, c.T);
  }
  const historyDays = longestT * unitDays(unit);
  const reasons: string[] = [];
  if (repeatCustomers < TRUST_THRESHOLDS.repeatCustomers) {
    reasons.push(`${repeatCustomers} repeat customers (need ${TRUST_THRESHOLDS.repeatCustomers})`);
  }
  if (repeatPurchases < TRUST_THRESHOLDS.repeatPurchases) {
    reasons.push(`${repeatPurchases} repeat purchases (need ${TRUST_THRESHOLDS.repeatPurchases})`);
  }
  if (historyDays < TRUST_THRESHOLDS.historyDays) {
    reasons.push(`${Math.round(historyDays)} days of history (need ${TRUST_THRESHOLDS.historyDays})`);
  }
  reasons.push(...fitProblems);
  return { trusted: reasons.length === 0, reasons };
}

/** Shop-wide figures the heuristic shrinks each customer towards. */
export interface ShopRates {
  /** Repeat purchases per unit of time over all customers: Σx / ΣT. */
  pooledRate: number;
  /** Mean value of a purchase over all customers, first purchases included. */
  pooledSpend: number;
}

export function shopRates(customers: ReadonlyArray<CustomerSummary>): ShopRates {
  let repeat = 0;
  let exposure = 0;
  let spend = 0;
  let purchases = 0;
  for (const c of customers) {
    repeat += c.frequency;
    exposure += c.T;
    spend += c.totalSpent;
    purchases += c.frequency + 1;
  }
  return {
    pooledRate: exposure > 0 ? repeat / exposure : 0,
    pooledSpend: purchases > 0 ? spend / purchases : 0,
  };
}

export interface HeuristicScore {
  /** The shrunk purchase rate λ per unit of time. */
  rate: number;
  probabilityAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  discountedPurchases: number;
}

/**
 * The small-shop heuristic, every step stated:
 * - rate λ = (x + 1) / (T + 1/ρ): the customer's repeat rate with one pseudo-purchase at the shop's pooled
 *   rate ρ (a Gamma(1, 1/ρ) prior, so a new customer starts at the shop's rate);
 * - P(alive) = exp(-λ · (T - t_x)): how likely an active customer buying at λ is to stay silent this long;
 * - expected purchases in h = P(alive) · λ · h;
 * - spend = (x · m̄ + s) / (x + 1): the customer's mean repeat spend with one pseudo-purchase at the shop's
 *   mean purchase value s.
 */
export function heuristicScore(
  c: Pick<CustomerSummary, "frequency" | "recency" | "T" | "monetary">,
  rates: ShopRates,
  horizon: number,
  schedule: ClvSchedule,
): HeuristicScore {
  const rate = rates.pooledRate > 0 ? (c.frequency + 1) / (c.T + 1 / rates.pooledRate) : 0;
  const probabilityAlive = Math.exp(-rate * Math.max(0, c.T - c.recency));
  let discountedPurchases = 0;
  let previousEnd = 0;
  for (let k = 0; k < schedule.stepEnds.length; k++) {
    discountedPurchases +=
      probabilityAlive * rate * (schedule.stepEnds[k] - previousEnd) * schedule.discountFactors[k];
    previousEnd = schedule.stepEnds[k];
  }
  return {
    rate,
    probabilityAlive,
    expectedPurchases: probabilityAlive * rate * horizon,
    expectedSpend: (c.frequency * c.monetary + rates.pooledSpend) / (c.frequency + 1),
    discountedPurchases,
  };
}
