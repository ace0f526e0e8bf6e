import { describe, expect, it } from "vitest";
import { buildProfiles } from "~/customers/model/profiles.ts";
import { quintileScores, rfmGroup, rfmScores, RFM_GROUPS } from "~/customers/model/rfm.ts";
import { summariseOrders } from "~/customers/model/summary.ts";
import { CDNOW_CALIBRATION_END, cdnowSampleOrders } from "./cdnow-data.ts";
import { rfmCohortsReference } from "./reference-data.ts";

// Reference: scripts/reference/customers/rfm_cohorts_reference.py (scipy.stats.rankdata mid-ranks).
const ref = rfmCohortsReference();

describe("quintile scores", () => {
  it("splits distinct values into equal fifths", () => {
    expect(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
  });

  it("gives tied values one score whatever the input order", () => {
    const values = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3];
    const scores = quintileScores(values);
    const reversed = quintileScores([...values].reverse()).reverse();
    expect(scores).toEqual(reversed);
    expect(new Set(scores.slice(0, 6)).size).toBe(1);
  });

  it("handles empty and single-customer lists", () => {
    expect(quintileScores([])).toEqual([]);
    expect(quintileScores([42])).toEqual([3]);
  });
});

describe("RFM groups", () => {
  it("names every cell of the grid with one of the eleven groups, each group used", () => {
    const used = new Set<string>();
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) used.add(rfmGroup(r, f, m));
    expect([...used].sort()).toEqual([...RFM_GROUPS].sort());
  });

  it("puts the recent best customers in Champions and the lapsed best in Cannot lose them", () => {
    expect(rfmGroup(5, 5, 5)).toBe("Champions");
    expect(rfmGroup(1, 5, 5)).toBe("Cannot lose them");
    expect(rfmGroup(5, 1, 1)).toBe("New");
    expect(rfmGroup(1, 1, 1)).toBe("Lost");
  });

  it("matches the reference scores and group counts on the CDNOW sample", () => {
    const summary = summariseOrders(cdnowSampleOrders(), { asOfMs: CDNOW_CALIBRATION_END, unit: "week" });
    if (!summary.ok) throw new Error(summary.reason);
    const profiles = buildProfiles(
      summary.customers,
      summary.customers.map(() => ({
        probabilityAlive: 1,
        churnRisk: 0,
        expectedPurchases: 0,
        expectedSpend: 0,
        predictedClv: 0,
        expectedNextOrderMs: null,
        method: "model" as const,
      })),
      { asOfMs: CDNOW_CALIBRATION_END },
    );
    const direct = rfmScores(
      profiles.map((p) => ({
        daysSinceLastOrder: p.daysSinceLastOrder,
        purchases: p.frequency + 1,
        totalSpent: p.totalSpent,
      })),
    );
    expect(direct.map((s) => s.group)).toEqual(profiles.map((p) => p.rfmGroup));
    const counts: Record<string, number> = {};
    for (const p of profiles) counts[p.rfmGroup] = (counts[p.rfmGroup] ?? 0) + 1;
    expect(counts).toEqual(ref.rfm.groupCounts);
    for (const row of ref.rfm.first) {
      const p = profiles.find((q) => q.customerId === row.id);
      expect(p && [p.rScore, p.fScore, p.mScore, p.rfmGroup]).toEqual([row.r, row.f, row.m, row.group]);
    }
  });
});
