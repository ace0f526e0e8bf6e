// Reference values: test/fixtures/experiments/statistics.json, produced by
//   /usr/bin/python3 scripts/reference/experiments/statistics.py
// Welch: statsmodels CompareMeans.ttest_ind / tconfint_diff (usevar="unequal") and scipy.stats.ttest_ind
// (equal_var=False) on the simulated raw data; relative lift: delta method with numerical derivatives
// (statsmodels approx_fprime); proportions: scipy ttest_ind_from_stats with std = sqrt(p(1 − p)) and
// statsmodels confint_proportions_2indep(method="wald"); ratio: delta method with numerical derivatives.
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { welchTest } from "~/experiments/model/frequentist.ts";
import { meanSummary, proportionSummary, ratioSummary } from "~/experiments/model/metrics.ts";
import type { Alternative, SampleSummary } from "~/experiments/model/types.ts";

function close(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);
}

function summary(sums: { visitors: number; sum: number; sumSquares: number }): SampleSummary {
  const result = meanSummary(sums.visitors, sums.sum, sums.sumSquares);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe("Welch's t-test on revenue per visitor", () => {
  for (const [index, c] of reference.welch.entries()) {
    it(`case ${index}: statistic, p-value, df and interval for every alternative`, () => {
      const control = summary(c.control);
      const variant = summary(c.variant);
      for (const alternative of ["two-sided", "greater", "less"] as Alternative[]) {
        const expected = c.results[alternative];
        const result = welchTest(control, variant, { alpha: 0.05, alternative });
        if (!result.ok) throw new Error(result.reason);
        close(result.degreesOfFreedom, expected.degreesOfFreedom, 1e-10);
        close(result.absolute.estimate / result.absolute.standardError, expected.statistic, 1e-10);
        close(result.absolute.pValue, expected.pValue, 1e-9);
        close(result.absolute.pValue, expected.scipyPValue, 1e-9);
        const [low, high] = result.absolute.ci;
        if (expected.ci[0] === null) expect(low).toBe(-Infinity);
        else close(low, expected.ci[0], 1e-9);
        if (expected.ci[1] === null) expect(high).toBe(Infinity);
        else close(high, expected.ci[1], 1e-9);
      }
    });

    it(`case ${index}: relative lift by the delta method`, () => {
      const result = welchTest(summary(c.control), summary(c.variant), {
        alpha: 0.05,
        alternative: "two-sided",
      });
      if (!result.ok || !result.relative.ok) throw new Error("expected a relative result");
      close(result.relative.estimate, c.relative.estimate, 1e-12);
      // Numerical derivatives (central differences) are good to ~1e-8.
      close(result.relative.standardError, c.relative.standardError, 1e-7);
      close(result.relative.ci[0], c.relative.ci[0], 1e-6);
      close(result.relative.ci[1], c.relative.ci[1], 1e-6);
      close(result.relative.pValue, c.relative.pValue, 1e-6);
    });
  }
});

describe("conversion rates", () => {
  for (const [index, c] of reference.proportion.entries()) {
    it(`case ${index}: Welch test with the binomial variance`, () => {
      const control = proportionSummary(c.control.visitors, c.control.conversions);
      const variant = proportionSummary(c.variant.visitors, c.variant.conversions);
      if (!control.ok || !variant.ok) throw new Error("summary failed");
      const result = welchTest(control, variant, { alpha: 0.05, alternative: "two-sided" });
      if (!result.ok) throw new Error(result.reason);
      close(result.absolute.estimate / result.absolute.standardError, c.statistic, 1e-10);
      close(result.absolute.pValue, c.pValue, 1e-9);
      close(result.absolute.standardError, c.waldStandardError, 1e-10);
    });
  }

  it("rejects impossible counts and empty arms with a reason", () => {
    expect(proportionSummary(100, 120)).toMatchObject({ ok: false });
    expect(proportionSummary(0, 0)).toEqual({ ok: false, reason: "no visitors" });
    expect(proportionSummary(1, 1)).toMatchObject({ ok: false });
  });
});

describe("ratio metrics (average order value)", () => {
  for (const [index, c] of reference.ratio.entries()) {
    it(`case ${index}: ratio and delta-method standard error`, () => {
      const result = ratioSummary(c.visitors, c.sums);
      if (!result.ok) throw new Error(result.reason);
      close(result.mean, c.ratio, 1e-12);
      close(Math.sqrt(result.variance / result.n), c.standardError, 1e-7);
    });
  }

  it("reports a zero denominator instead of dividing by it", () => {
    const result = ratioSummary(10, {
      numeratorSum: 0,
      numeratorSumSquares: 0,
      denominatorSum: 0,
      denominatorSumSquares: 0,
      crossProducts: 0,
    });
    expect(result).toMatchObject({ ok: false });
  });
});

describe("degenerate comparisons", () => {
  it("gives a reason when both arms have zero variance", () => {
    const flat = { n: 100, mean: 2, variance: 0 };
    expect(welchTest(flat, flat, { alpha: 0.05, alternative: "two-sided" })).toMatchObject({ ok: false });
  });

  it("keeps the absolute result and explains a zero control mean", () => {
    const result = welchTest(
      { n: 100, mean: 0, variance: 0 },
      { n: 100, mean: 0.02, variance: 0.0196 },
      { alpha: 0.05, alternative: "two-sided" },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Number.isFinite(result.absolute.pValue)).toBe(true);
    expect(result.relative).toMatchObject({ ok: false });
  });
});
