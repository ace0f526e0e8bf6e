/**
 * Acquisition cohorts by month: customers grouped by the calendar month of their first order, with how many
 * of them ordered, and how much they spent, in each month since. Months are calendar months of the order's
 * UTC date (the caller has moved times into the shop's zone), so "month 0" is the acquisition month itself.
 */
import type { Order } from "./types.ts";

export interface CohortMonth {
  /** Calendar months since the acquisition month (0 = the acquisition month). */
  monthsSinceFirstOrder: number;
  /** Cohort customers with at least one order in that month. */
  activeCustomers: number;
  /** activeCustomers / cohort size. */
  retention: number;
  /** Revenue of the cohort's orders in that month. */
  revenue: number;
  /** Revenue per customer of the cohort (active or not): the cohort's value curve. */
  revenuePerCustomer: number;
}

export interface Cohort {
  /** Acquisition month, "YYYY-MM". */
  cohort: string;
  customers: number;
  /** Every month from the acquisition month to the last month with data, gaps filled with zeros. */
  months: CohortMonth[];
}

const monthNumber = (ms: number): number => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

const monthLabel = (month: number): string =>
  `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`;

/**
 * Builds monthly acquisition cohorts, oldest first.
 * @example
 * monthlyCohorts(orders)[0]; // { cohort: "2010-12", customers: 948, months: [{ monthsSinceFirstOrder: 0, retention: 1, ... }, ...] }
 */
export function monthlyCohorts(orders: ReadonlyArray<Order>): Cohort[] {
  const firstMonth = new Map<string, number>();
  let lastMonth = -Infinity;
  for (const o of orders) {
    if (!Number.isFinite(o.orderedAtMs)) continue;
    const m = monthNumber(o.orderedAtMs);
    const seen = firstMonth.get(o.customerId);
    if (seen === undefined || m < seen) firstMonth.set(o.customerId, m);
    if (m > lastMonth) lastMonth = m;
  }
  // cohort month -> months since -> (active customer set, revenue)
  const cells = new Map<number, Map<number, { active: Set<string>; revenue: number }>>();
  const sizes = new Map<number, number>();
  for (const m of firstMonth.values()) sizes.set(m, (sizes.get(m) ?? 0) + 1);
  for (const o of orders) {
    if (!Number.isFinite(o.orderedAtMs)) continue;
    const cohort = firstMonth.get(o.customerId) as number;
    const offset = monthNumber(o.orderedAtMs) - cohort;
    let row = cells.get(cohort);
    if (!row) cells.set(cohort, (row = new Map()));
    let cell = row.get(offset);
    if (!cell) row.set(offset, (cell = { active: new Set(), revenue: 0 }));
    cell.active.add(o.customerId);
    cell.revenue += Number.isFinite(o.amount) ? o.amount : 0;
  }
  return [...sizes.keys()]
    .sort((u, w) => u - w)
    .map((cohort) => {
      const size = sizes.get(cohort) as number;
      const row = cells.get(cohort) ?? new Map();
      const months: CohortMonth[] = [];
      for (let k = 0; k <= lastMonth - cohort; k++) {
        const cell = row.get(k);
        const active = cell ? cell.active.size : 0;
        const revenue = cell ? cell.revenue : 0;
        months.push({
          monthsSinceFirstOrder: k,
          activeCustomers: active,
          retention: active / size,
          revenue,
          revenuePerCustomer: revenue / size,
        });
      }
      return { cohort: monthLabel(cohort), customers: size, months };
    });
}
