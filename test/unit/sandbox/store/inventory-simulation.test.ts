import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  policiesFromDemand,
  policyFromDemand,
  simulateStock,
  type StockSimulation,
} from "../../../../sandbox/store/inventory-simulation";

// Reference values from an independent numpy implementation of the stated policy:
// `python3 test/fixtures/sandbox/inventory-simulation.py` (writes inventory-simulation.expected.json).
const expected = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../../../fixtures/sandbox/inventory-simulation.expected.json", import.meta.url)),
    "utf8",
  ),
);

const plain = (s: StockSimulation) => ({ ...s, available: Array.from(s.available) });

describe("(s, S) replenishment simulation", () => {
  it("follows a fixed policy day by day: arrivals after the lead time, lost sales when empty", () => {
    const { demand, policy, restocked, withoutReturns, withReturns } = expected.fixed;
    expect(plain(simulateStock(demand, policy))).toEqual(withoutReturns);
    expect(plain(simulateStock(demand, policy, restocked))).toEqual(withReturns);
  });

  it("starts full, reorders at s up to S and records the day stock ran out", () => {
    // Worked by hand: S = 10 on hand; 3 sold → 7; day 3 sells 5 → 2 ≤ s = 4, order 8 arrives on day 5 (L = 2).
    const result = simulateStock([3, 0, 5, 2, 0, 0], { reorderPoint: 4, orderUpTo: 10, leadTimeDays: 2 });
    expect(Array.from(result.available)).toEqual([7, 7, 2, 0, 8, 8]);
    expect(result).toMatchObject({ stockoutDays: 1, lostUnits: 0, replenishments: 1, onOrder: 0 });
  });

  it("derives s and S from the demand's mean and standard deviation", () => {
    const { demand, settings, wholeSeriesPolicy } = expected.lumpy;
    expect(policyFromDemand(demand, { ...settings, bulkQuantile: 0 })).toEqual(wholeSeriesPolicy);
  });

  it("re-plans weekly from a centred window, never below a typical bulk day, and some stock runs out", () => {
    const { demand, settings, policies, simulation } = expected.lumpy;
    const planned = policiesFromDemand(demand, settings);
    expect(planned).toEqual(policies);
    const result = plain(simulateStock(demand, planned));
    expect(result).toEqual(simulation);
    expect(result.stockoutDays).toBeGreaterThan(0);
  });

  it("handles no demand and no days without NaN", () => {
    expect(policyFromDemand([])).toEqual({ reorderPoint: 0, orderUpTo: 1, leadTimeDays: 7 });
    expect(plain(simulateStock([], { reorderPoint: 0, orderUpTo: 1, leadTimeDays: 7 }))).toEqual({
      available: [],
      onOrder: 0,
      stockoutDays: 0,
      lostUnits: 0,
      replenishments: 0,
    });
  });
});
