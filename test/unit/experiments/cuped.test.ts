// Reference values: statsmodels OLS of Y on 1 + treatment + pre-period X over the simulated raw data
// (the treatment coefficient and X's slope), and the variance reduction 1 − Var(adjusted)/Var(raw)
// computed by numpy from the raw data; from
//   /usr/bin/python3 scripts/reference/experiments/statistics.py  (fixture "cuped")
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { cupedAdjust, type CupedSums } from "~/experiments/model/cuped.ts";

function arm(c: (typeof reference.cuped)[number]["control"]): CupedSums {
  return {
    n: c.visitors,
    sum: c.sum,
    sumSquares: c.sumSquares,
    preSum: c.preSum,
    preSumSquares: c.preSumSquares,
    sumCrossProducts: c.sumCrossProducts,
  };
}

describe("CUPED", () => {
  for (const [index, c] of reference.cuped.entries()) {
    it(`case ${index}: matches the OLS treatment effect and the variance reduction`, () => {
      const result = cupedAdjust(arm(c.control), arm(c.variant));
      if (!result.ok) throw new Error(result.reason);
      const estimate = result.variant.mean - result.control.mean;
      expect(Math.abs(estimate - c.estimate)).toBeLessThanOrEqual(
        1e-9 * Math.max(Math.abs(c.estimate), 1e-3),
      );
      expect(Math.abs(result.theta - c.theta)).toBeLessThanOrEqual(1e-10 * Math.abs(c.theta));
      expect(Math.abs(result.varianceReduction - c.varianceReduction)).toBeLessThanOrEqual(1e-9);
      const standardError = Math.sqrt(
        result.control.variance / result.control.n + result.variant.variance / result.variant.n,
      );
      expect(Math.abs(standardError - c.adjustedStandardError)).toBeLessThanOrEqual(
        1e-9 * c.adjustedStandardError,
      );
      // The homoscedastic OLS standard error differs by O(1/n) only.
      expect(Math.abs(standardError - c.olsStandardError)).toBeLessThanOrEqual(0.02 * c.olsStandardError);
    });
  }

  it("declines constant pre-experiment values with a reason", () => {
    const flat: CupedSums = {
      n: 10,
      sum: 5,
      sumSquares: 5,
      preSum: 10,
      preSumSquares: 10,
      sumCrossProducts: 5,
    };
    expect(cupedAdjust(flat, flat)).toMatchObject({ ok: false });
  });
});
