/**
 * Input cleaning and automatic selection. Expected values here are small hand computations written next to
 * each check (same-weekday averages, quantiles of five numbers), not outputs of the code under test.
 */
import { describe, expect, it } from "vitest";
import { cleanDemandHistory } from "~/inventory/model/series.ts";
import { forecastDemand, selectModel } from "~/inventory/model/select.ts";
import { retailSeries } from "./fixtures.ts";

describe("cleanDemandHistory", () => {
  it("zeroes returns, drops the days before the first sale and imputes out-of-stock days", () => {
    // Day 9 is out of stock; same weekday (m = 7): day 2 (value 4) and day 16 (value 6) → (4 + 6) / 2 = 5.
    const quantities = [0, 0, 4, 1, -3, 2, 2, 2, 2, 9, 1, 1, 1, 1, 1, 1, 6, 1];
    const inStock = quantities.map((_, t) => t !== 9);
    const cleaned = cleanDemandHistory({ quantities, inStock });
    expect(cleaned.leadingDaysDropped).toBe(2);
    expect(cleaned.negativesZeroed).toBe(1);
    expect(cleaned.daysImputed).toBe(1);
    expect(cleaned.values).toEqual([4, 1, 0, 2, 2, 2, 2, 5, 1, 1, 1, 1, 1, 1, 6, 1]);
    expect(cleaned.notes.length).toBe(3);
  });
  it("caps only extreme days: median + 10 × max(IQR, median) of the non-zero demands", () => {
    // Non-zero demands 1..10 and 1000: median 6, quartiles 3.5 and 8.5 (type 7) → IQR 5, cap 6 + 10 × 6 = 66.
    const quantities = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000];
    const cleaned = cleanDemandHistory({ quantities });
    expect(cleaned.outlierCap).toBe(66);
    expect(cleaned.outliersCapped).toBe(1);
    expect(cleaned.values.at(-1)).toBe(66);
  });
  it("reports a history without sales", () => {
    const cleaned = cleanDemandHistory({ quantities: [0, 0, -1] });
    expect(cleaned.values).toEqual([0, 0, 0]);
    expect(cleaned.notes).toContain("no sales in the history");
  });
});

describe("forecastDemand (automatic selection)", () => {
  const smooth = retailSeries("retail-22423").values;
  const lumpy = retailSeries("retail-21730").values;

  it("reports the chosen model's backtest error beside seasonal naive's", () => {
    const f = forecastDemand({ quantities: smooth }, { horizonDays: 28 });
    expect(f.backtest).not.toBeNull();
    expect(f.backtest!.seasonalNaiveMae).not.toBeNull();
    expect(f.backtest!.candidates.map((c) => c.model)).toContain("ets");
    const best = Math.min(...f.backtest!.candidates.map((c) => c.mae));
    // The chosen model is within the 2% simplicity tolerance of the best candidate.
    expect(f.backtest!.chosenMae).toBeLessThanOrEqual(best * 1.02 + 1e-12);
  });
  it("prefers the simplest model within the tolerance", () => {
    const f = selectModel({ quantities: smooth }, { horizonDays: 28, simplicityTolerance: 10 }).forecast;
    // With a huge tolerance every candidate is "not worse": the simplest (complexity 1) wins.
    expect(["moving-average-28", "seasonal-naive"]).toContain(f.model);
  });
  it("gives intermittent series intermittent candidates and empirical intervals", () => {
    const f = forecastDemand({ quantities: lumpy }, { horizonDays: 14 });
    expect(f.demandClass).toBe("lumpy");
    expect(f.backtest!.candidates.map((c) => c.model)).toEqual(
      expect.arrayContaining(["croston", "sba", "tsb", "adida", "seasonal-naive", "moving-average-28"]),
    );
    if (!f.model.startsWith("moving-average")) expect(f.intervalMethod).toBe("empirical");
    const conformal = forecastDemand({ quantities: lumpy }, { horizonDays: 14, intervals: "conformal" });
    expect(conformal.intervalMethod).toBe("conformal");
  });
  it("answers new products and empty histories with a reason", () => {
    expect(forecastDemand({ quantities: [] }, { horizonDays: 3 }).note).toBe("no history");
    const fresh = forecastDemand({ quantities: [0, 0, 0, 2, 1, 3] }, { horizonDays: 3 });
    expect(fresh.note).toMatch(/too short/);
    expect(fresh.mean).toEqual([2, 2, 2]); // moving average of 2, 1, 3
  });
});

describe("forecastDemand with a lead time", () => {
  it("adds the lead-time distribution, zero for an item that never sold", () => {
    const f = forecastDemand(
      { quantities: retailSeries("retail-22423").values },
      { horizonDays: 7, leadTimeDays: 7 },
    );
    expect(f.leadTime!.leadTimeDays).toBe(7);
    // The sum of the first seven daily means is the lead-time mean.
    expect(f.leadTime!.mean).toBeCloseTo(
      f.mean.reduce((a, b) => a + b, 0),
      9,
    );
    const units = f.leadTime!.quantiles.map((q) => q.units);
    expect([...units].sort((a, b) => a - b)).toEqual(units);
    const none = forecastDemand({ quantities: [0, 0, 0] }, { horizonDays: 7, leadTimeDays: 7 });
    expect(none.leadTime!.quantiles.every((q) => q.units === 0)).toBe(true);
  });
});
