// Reference values: statsmodels.stats.multitest.multipletests(p, method="holm" / "fdr_bh"), from
//   /usr/bin/python3 scripts/reference/experiments/statistics.py  (fixture "multipleTesting")
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { benjaminiHochbergAdjust, holmAdjust } from "~/experiments/model/multiple-testing.ts";

describe("multiple-testing adjustments", () => {
  for (const c of reference.multipleTesting) {
    it(`p = ${c.pValues.join(", ")}`, () => {
      holmAdjust(c.pValues).forEach((p, i) => expect(p).toBeCloseTo(c.holm[i], 14));
      benjaminiHochbergAdjust(c.pValues).forEach((p, i) => expect(p).toBeCloseTo(c.benjaminiHochberg[i], 14));
    });
  }

  it("returns an empty list for no tests", () => {
    expect(holmAdjust([])).toEqual([]);
    expect(benjaminiHochbergAdjust([])).toEqual([]);
  });
});
