import { describe, expect, it } from "vitest";
import { monthlyCohorts } from "~/customers/model/cohorts.ts";
import { cdnowSampleOrders } from "./cdnow-data.ts";
import { rfmCohortsReference } from "./reference-data.ts";

// Reference: scripts/reference/customers/rfm_cohorts_reference.py (plain Python over the raw sample).
const ref = rfmCohortsReference();

describe("monthly acquisition cohorts", () => {
  it("match the reference table on the CDNOW sample (Q1 1997 cohorts to June 1998)", () => {
    const cohorts = monthlyCohorts(cdnowSampleOrders());
    expect(cohorts.map((c) => [c.cohort, c.customers])).toEqual(
      ref.cohorts.map((c) => [c.cohort, c.customers]),
    );
    cohorts.forEach((c, i) => {
      expect(c.months.map((m) => m.activeCustomers)).toEqual(ref.cohorts[i].active);
      c.months.forEach((m, k) => {
        expect(Math.abs(m.revenue - ref.cohorts[i].revenue[k])).toBeLessThan(1e-6);
        expect(m.retention).toBe(ref.cohorts[i].active[k] / c.customers);
      });
      expect(c.months[0].retention).toBe(1);
    });
  });

  it("returns no cohorts for no orders", () => {
    expect(monthlyCohorts([])).toEqual([]);
  });
});
