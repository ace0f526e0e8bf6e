// Reference values: GrowthBook's own gbstats test suite (growthbook/growthbook,
// packages/stats/tests/frequentist/test_tests.py), copied as data into
// test/fixtures/experiments/growthbook-gbstats.json. GrowthBook implements the same Welch, delta-method and
// asymptotic-confidence-sequence statistics independently in Python; where its expected values are
// rounded to 5 decimals the tolerance is half a unit in the fifth decimal.
import { describe, expect, it } from "vitest";
import gb from "../../fixtures/experiments/growthbook-gbstats.json" with { type: "json" };
import { relativeDifference, welchTest } from "~/experiments/model/frequentist.ts";
import { meanSummary, proportionSummary } from "~/experiments/model/metrics.ts";
import { sequentialInterval } from "~/experiments/model/sequential.ts";
import type { Alternative, SampleSummary } from "~/experiments/model/types.ts";

const ROUNDED = 5e-6;

function ok<T>(result: ({ ok: true } & T) | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

const control: SampleSummary = ok(meanSummary(gb.control.visitors, gb.control.sum, gb.control.sumSquares));
const variant: SampleSummary = ok(meanSummary(gb.variant.visitors, gb.variant.sum, gb.variant.sumSquares));
const visitors = gb.control.visitors + gb.variant.visitors;

describe("GrowthBook's published sequential results", () => {
  it("relative lift of a mean metric, tuning parameter 1,000", () => {
    const lift = ok(relativeDifference(control, variant));
    const expected = gb.sequentialRelativeTau1000;
    const result = sequentialInterval(lift, visitors, { alpha: 0.05, tau: 1000, alternative: "two-sided" });
    expect(Math.abs(result.estimate - expected.estimate)).toBeLessThan(ROUNDED);
    expect(Math.abs(result.standardError - expected.standardError)).toBeLessThan(ROUNDED);
    expect(Math.abs(result.ci[0] - expected.ci[0])).toBeLessThan(ROUNDED);
    expect(Math.abs(result.ci[1] - expected.ci[1])).toBeLessThan(ROUNDED);
  });

  it("relative lift of a conversion rate, default tuning parameter 5,000", () => {
    const p = gb.proportions;
    const lift = ok(
      relativeDifference(
        ok(proportionSummary(p.control.visitors, p.control.conversions)),
        ok(proportionSummary(p.variant.visitors, p.variant.conversions)),
      ),
    );
    const expected = gb.sequentialProportionRelativeTau5000;
    const result = sequentialInterval(lift, visitors, { alpha: 0.05, tau: 5000, alternative: "two-sided" });
    expect(Math.abs(result.estimate - expected.estimate)).toBeLessThan(ROUNDED);
    expect(Math.abs(result.standardError - expected.standardError)).toBeLessThan(ROUNDED);
    expect(Math.abs(result.ci[0] - expected.ci[0])).toBeLessThan(ROUNDED);
    expect(Math.abs(result.ci[1] - expected.ci[1])).toBeLessThan(ROUNDED);
  });
});

describe("GrowthBook's published one-sided Welch results (full precision)", () => {
  const test = (alternative: Alternative) => ok(welchTest(control, variant, { alpha: 0.05, alternative }));
  const close = (actual: number, expected: number) =>
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-11 * Math.abs(expected));

  it("variant greater than control", () => {
    const result = test("greater");
    const relative = ok(result.relative);
    close(result.absolute.estimate, gb.oneSidedGreaterAbsolute.estimate);
    close(result.absolute.standardError, gb.oneSidedGreaterAbsolute.standardError);
    close(result.absolute.ci[0], gb.oneSidedGreaterAbsolute.lower);
    close(result.absolute.pValue, gb.oneSidedGreaterAbsolute.pValue);
    close(relative.standardError, gb.oneSidedGreaterRelative.standardError);
    close(relative.ci[0], gb.oneSidedGreaterRelative.lower);
    close(relative.pValue, gb.oneSidedGreaterRelative.pValue);
  });

  it("variant less than control", () => {
    const result = test("less");
    close(result.absolute.ci[1], gb.oneSidedLessAbsolute.upper);
    close(result.absolute.pValue, gb.oneSidedLessAbsolute.pValue);
    close(ok(result.relative).ci[1], gb.oneSidedLessRelative.upper);
    close(ok(result.relative).pValue, gb.oneSidedLessRelative.pValue);
  });
});
