import { describe, expect, it } from "vitest";
import { analyseCustomers } from "~/customers/model/profiles.ts";
import { summariseOrders } from "~/customers/model/summary.ts";
import { CDNOW_CALIBRATION_END, cdnowReference, cdnowSampleOrders } from "./cdnow-data.ts";

// Reference: customer 1 of the CDNOW sample scored at scipy's fitted parameters by
// scripts/reference/customers/cdnow_reference.py (mpmath E[Y(t)], 12 monthly steps, 10 % a year).
const ref = cdnowReference().customer1Clv;

describe("analyseCustomers on the CDNOW sample", () => {
  const options = {
    asOfMs: CDNOW_CALIBRATION_END,
    unit: "week" as const,
    horizon: 52,
    annualDiscountRate: 0.1,
  };
  const summary = summariseOrders(cdnowSampleOrders(), options);
  if (!summary.ok) throw new Error(summary.reason);
  const analysis = analyseCustomers(summary.customers, options);
  if (!analysis.ok) throw new Error(analysis.reason);

  it("trusts the fit and scores every customer with the models", () => {
    expect(analysis.fitted.trust).toEqual({ trusted: true, reasons: [] });
    expect(analysis.fitted.warnings).toEqual([]);
    expect(analysis.profiles.every((p) => p.method === "model")).toBe(true);
  });

  it("gives customer 1 the reference P(alive), expected purchases, spend and CLV", () => {
    const p = analysis.profiles[0];
    expect(Number(p.customerId)).toBe(ref.id);
    expect(Math.abs(p.probabilityAlive / ref.pAlive - 1)).toBeLessThan(1e-6);
    expect(Math.abs(p.expectedPurchases / ref.expectedPurchases52 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(p.expectedSpend / ref.expectedSpend - 1)).toBeLessThan(1e-6);
    expect(Math.abs(p.predictedClv / ref.clv - 1)).toBeLessThan(1e-6);
    expect(p.churnRisk).toBeCloseTo(1 - ref.pAlive, 6);
  });

  it("keeps every score finite and within its range", () => {
    for (const p of analysis.profiles) {
      expect(p.probabilityAlive >= 0 && p.probabilityAlive <= 1).toBe(true);
      expect(p.expectedPurchases >= 0 && Number.isFinite(p.expectedPurchases)).toBe(true);
      expect(p.predictedClv >= 0 && Number.isFinite(p.predictedClv)).toBe(true);
      expect(p.expectedNextOrderMs === null || p.expectedNextOrderMs > CDNOW_CALIBRATION_END).toBe(true);
    }
  });
});
