/**
 * Per-customer frequency / recency / age / monetary summary from order history, as defined in the CLV
 * literature (Fader, Hardie & Lee 2005 "Counting Your Customers the Easy Way", §2; Fader & Hardie 2013,
 * "The Gamma-Gamma Model of Monetary Value"). A purchase is a calendar day with at least one order: the
 * CDNOW summaries behind the published parameters count same-day transactions once and sum their value.
 */
import {
  MS_PER_DAY,
  unitDays,
  type CustomerSummary,
  type Order,
  type Result,
  type TimeUnit,
} from "./types.ts";

export interface SummaryOptions {
  /** End of the calibration period (epoch ms); orders on that day are included, later ones ignored. */
  asOfMs: number;
  unit: TimeUnit;
}

/** Summary statistics of one customer without the id (see {@link CustomerSummary}). */
export type CustomerStats = Omit<CustomerSummary, "customerId">;

/** The UTC day number of an epoch-ms time (the caller has already moved times into the shop's zone). */
export function dayIndex(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/**
 * Summarises one customer's orders given as day numbers and amounts, sorted by day, all on or before
 * `asOfDay`. This is the hot loop of the scale benchmark, so it takes plain arrays and allocates nothing.
 */
export function summariseDays(
  days: ArrayLike<number>,
  amounts: ArrayLike<number>,
  start: number,
  end: number,
  asOfDay: number,
  unit: TimeUnit,
): CustomerStats {
  const perUnit = unitDays(unit);
  const firstDay = days[start];
  let purchases = 0;
  let lastDay = firstDay;
  let repeatValue = 0;
  let totalSpent = 0;
  for (let i = start; i < end; i++) {
    totalSpent += amounts[i];
    if (i === start) continue;
    if (days[i] !== lastDay) {
      purchases++;
      lastDay = days[i];
    }
    // Orders on the first purchase day belong to the first purchase, which the monetary value excludes.
    if (days[i] !== firstDay) repeatValue += amounts[i];
  }
  return {
    frequency: purchases,
    recency: (lastDay - firstDay) / perUnit,
    T: (asOfDay - firstDay) / perUnit,
    monetary: purchases > 0 ? repeatValue / purchases : 0,
    orders: end - start,
    totalSpent,
    firstOrderMs: firstDay * MS_PER_DAY,
    lastOrderMs: lastDay * MS_PER_DAY,
  };
}

export interface SummaryResult {
  customers: CustomerSummary[];
  /** Orders dated after the as-of date, left out of the calibration. */
  ordersAfterAsOf: number;
}

/**
 * Summarises an order list per customer up to the as-of date. Customers are returned in first-seen order.
 * @example
 * const s = summariseOrders(orders, { asOfMs: Date.UTC(1997, 8, 30), unit: "week" });
 * if (s.ok) s.customers[0]; // { customerId, frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35, ... }
 */
export function summariseOrders(
  orders: ReadonlyArray<Order>,
  options: SummaryOptions,
): Result<SummaryResult> {
  if (!Number.isFinite(options.asOfMs)) return { ok: false, reason: "the as-of date is not a valid time" };
  const asOfDay = dayIndex(options.asOfMs);
  const byCustomer = new Map<string, { day: number; amount: number }[]>();
  let ordersAfterAsOf = 0;
  for (const order of orders) {
    if (!Number.isFinite(order.orderedAtMs) || !Number.isFinite(order.amount)) continue;
    const day = dayIndex(order.orderedAtMs);
    if (day > asOfDay) {
      ordersAfterAsOf++;
      continue;
    }
    let list = byCustomer.get(order.customerId);
    if (!list) byCustomer.set(order.customerId, (list = []));
    list.push({ day, amount: order.amount });
  }
  const customers: CustomerSummary[] = [];
  for (const [customerId, list] of byCustomer) {
    list.sort((u, w) => u.day - w.day);
    const days = list.map((o) => o.day);
    const amounts = list.map((o) => o.amount);
    customers.push({ customerId, ...summariseDays(days, amounts, 0, list.length, asOfDay, options.unit) });
  }
  return { ok: true, customers, ordersAfterAsOf };
}
