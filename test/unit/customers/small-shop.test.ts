import { describe, expect, it } from "vitest";
import { clvSchedule } from "~/customers/model/clv.ts";
import { analyseCustomers } from "~/customers/model/profiles.ts";
import { assessRepeatData, heuristicScore, TRUST_THRESHOLDS } from "~/customers/model/small-shop.ts";
import { summariseOrders } from "~/customers/model/summary.ts";
import type { Order } from "~/customers/model/types.ts";
import { rfmCohortsReference } from "./reference-data.ts";

// Reference: the heuristic's formulas evaluated by scripts/reference/customers/rfm_cohorts_reference.py.
const ref = rfmCohortsReference().heuristic;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

describe("small-shop heuristic", () => {
  const schedule = clvSchedule({
    horizon: ref.horizonWeeks,
    unit: "week",
    annualDiscountRate: ref.annualRate,
  });
  if (!schedule.ok) throw new Error(schedule.reason);

  it.each(ref.customers)("scores x = $frequency, t_x = $recency, T = $T as the reference", (c) => {
    const h = heuristicScore(
      c,
      { pooledRate: ref.pooledRate, pooledSpend: ref.pooledSpend },
      ref.horizonWeeks,
      schedule,
    );
    expect(h.probabilityAlive).toBeCloseTo(c.probabilityAlive, 12);
    expect(h.expectedPurchases).toBeCloseTo(c.expectedPurchases, 12);
    expect(h.expectedSpend).toBeCloseTo(c.expectedSpend, 12);
    expect(h.discountedPurchases).toBeCloseTo(c.discountedPurchases, 12);
  });

  it("states why a small shop's fit is not trusted", () => {
    const t = assessRepeatData([{ frequency: 1, T: 10 }], "day");
    expect(t.trusted).toBe(false);
    expect(t.reasons).toEqual([
      `1 repeat customers (need ${TRUST_THRESHOLDS.repeatCustomers})`,
      `1 repeat purchases (need ${TRUST_THRESHOLDS.repeatPurchases})`,
      `10 days of history (need ${TRUST_THRESHOLDS.historyDays})`,
    ]);
  });

  it("falls back for every customer of a tiny shop and says so", () => {
    const orders: Order[] = [
      { customerId: "a", orderedAtMs: day("2025-01-05"), amount: 30 },
      { customerId: "a", orderedAtMs: day("2025-02-05"), amount: 50 },
      { customerId: "b", orderedAtMs: day("2025-03-01"), amount: 20 },
    ];
    const summary = summariseOrders(orders, { asOfMs: day("2025-04-01"), unit: "day" });
    if (!summary.ok) throw new Error(summary.reason);
    const a = analyseCustomers(summary.customers, {
      asOfMs: day("2025-04-01"),
      unit: "day",
      horizon: 90,
      annualDiscountRate: 0.1,
    });
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.fitted.trust.trusted).toBe(false);
    expect(a.profiles.map((p) => p.method)).toEqual(["heuristic", "heuristic"]);
    for (const p of a.profiles) {
      for (const v of [p.probabilityAlive, p.expectedPurchases, p.predictedClv, p.expectedSpend]) {
        expect(Number.isFinite(v)).toBe(true);
      }
      expect(p.churnRisk).toBeCloseTo(1 - p.probabilityAlive, 15);
    }
  });

  it("answers degenerate shops with a result, never a throw or NaN", () => {
    const opts = { asOfMs: day("2025-04-01"), unit: "day" as const, horizon: 30, annualDiscountRate: 0 };
    expect(analyseCustomers([], opts)).toEqual({ ok: false, reason: expect.any(String) });
    const oneOrder = summariseOrders([{ customerId: "x", orderedAtMs: day("2025-04-01"), amount: 10 }], opts);
    if (!oneOrder.ok) throw new Error(oneOrder.reason);
    const a = analyseCustomers(oneOrder.customers, opts);
    expect(a.ok && a.profiles[0]).toMatchObject({
      method: "heuristic",
      probabilityAlive: 1,
      expectedPurchases: 0,
    });
  });
});
