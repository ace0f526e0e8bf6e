import { describe, expect, it } from "vitest";
import { summariseOrders } from "~/customers/model/summary.ts";
import type { Order } from "~/customers/model/types.ts";

// Expected values are counted by hand from the orders below (FHL 2005 §2 definitions).
const day = (iso: string, hour = 0): number => Date.parse(`${iso}T${String(hour).padStart(2, "0")}:00:00Z`);

describe("summariseOrders", () => {
  const orders: Order[] = [
    { customerId: "a", orderedAtMs: day("2025-01-01", 9), amount: 10 },
    { customerId: "a", orderedAtMs: day("2025-01-01", 17), amount: 5 }, // same day as the first: first purchase
    { customerId: "a", orderedAtMs: day("2025-01-15"), amount: 20 },
    { customerId: "a", orderedAtMs: day("2025-01-15", 12), amount: 4 }, // same day: one purchase of 24
    { customerId: "a", orderedAtMs: day("2025-01-29"), amount: 36 },
    { customerId: "a", orderedAtMs: day("2025-03-01"), amount: 99 }, // after the as-of date
    { customerId: "b", orderedAtMs: day("2025-02-11"), amount: 7 },
  ];

  it("counts purchase days, excludes the first purchase from the monetary value, and stops at the as-of date", () => {
    const s = summariseOrders(orders, { asOfMs: day("2025-02-11", 23), unit: "day" });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.ordersAfterAsOf).toBe(1);
    expect(s.customers).toEqual([
      {
        customerId: "a",
        frequency: 2,
        recency: 28,
        T: 41,
        monetary: 30, // (24 + 36) / 2
        orders: 5,
        totalSpent: 75,
        firstOrderMs: day("2025-01-01"),
        lastOrderMs: day("2025-01-29"),
      },
      {
        customerId: "b",
        frequency: 0,
        recency: 0,
        T: 0,
        monetary: 0,
        orders: 1,
        totalSpent: 7,
        firstOrderMs: day("2025-02-11"),
        lastOrderMs: day("2025-02-11"),
      },
    ]);
  });

  it("measures in weeks as days / 7", () => {
    const s = summariseOrders(orders, { asOfMs: day("2025-02-11"), unit: "week" });
    expect(s.ok && [s.customers[0].recency, s.customers[0].T]).toEqual([4, 41 / 7]);
  });

  it("refuses an invalid as-of date and returns no customers for no orders", () => {
    expect(summariseOrders(orders, { asOfMs: NaN, unit: "day" }).ok).toBe(false);
    expect(summariseOrders([], { asOfMs: day("2025-01-01"), unit: "day" })).toEqual({
      ok: true,
      customers: [],
      ordersAfterAsOf: 0,
    });
  });
});
