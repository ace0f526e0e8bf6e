/**
 * Shared shapes of the customer models. Times are plain numbers: epoch milliseconds for dates (the caller
 * buckets them into the shop's days), and "periods" of the chosen unit for durations.
 */

/** The unit in which frequency, recency and age are measured (the CLV literature uses weeks or days). */
export type TimeUnit = "day" | "week";

export const MS_PER_DAY = 86_400_000;

/** Length of one unit in days. */
export function unitDays(unit: TimeUnit): number {
  return unit === "week" ? 7 : 1;
}

/** An expected failure of a model: a result, never a throw or a NaN. */
export interface Failure {
  ok: false;
  reason: string;
}

export type Result<T> = ({ ok: true } & T) | Failure;

/** One order as the models see it (several lines of one order are already summed by the caller). */
export interface Order {
  customerId: string;
  /** Epoch milliseconds of the order; only its UTC calendar day is used. */
  orderedAtMs: number;
  /** Order value in the shop's currency (a float is fine for statistics; money is stored as Decimal). */
  amount: number;
}

/**
 * A customer's purchase history in the form the CLV literature uses (Fader, Hardie & Lee 2005, §2):
 * purchases are distinct calendar days, so several orders on one day count as one purchase.
 */
export interface CustomerSummary {
  customerId: string;
  /** Repeat purchases: distinct purchase days after the first (x). */
  frequency: number;
  /** Time from the first to the last purchase, in units (t_x). */
  recency: number;
  /** Time from the first purchase to the as-of date, in units (T). */
  T: number;
  /** Mean value of the repeat purchases (first purchase excluded); 0 when there is none. */
  monetary: number;
  /** Number of orders up to the as-of date (orders on one day each count here). */
  orders: number;
  /** Total value of all orders up to the as-of date, the first included. */
  totalSpent: number;
  firstOrderMs: number;
  lastOrderMs: number;
}

/** BG/NBD parameters (Fader, Hardie & Lee 2005): Gamma(r, alpha) purchase rates, Beta(a, b) dropout. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Gamma-Gamma parameters (Fader & Hardie 2013 note): spend per transaction Gamma(p, nu), nu ~ Gamma(q, v). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** The (x, t_x, T) of one customer, the sufficient statistics of the BG/NBD model. */
export interface FrequencyRecency {
  frequency: number;
  recency: number;
  T: number;
}
