// Reference values: statsmodels.stats.power.NormalIndPower().solve_power (effect size for given traffic,
// nobs1 for a target effect), from /usr/bin/python3 scripts/reference/experiments/statistics.py
// (fixture "planning"). solve_power's root finder stops near 1e-8 relative, hence the tolerance.
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { daysNeeded, minimumDetectableEffect } from "~/experiments/model/planning.ts";

function close(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe("planning", () => {
  for (const c of reference.planning.minimumDetectableEffect) {
    it(`MDE for ${c.visitors.join("/")} visitors, ${c.sided}, power ${c.power}`, () => {
      const result = minimumDetectableEffect({
        visitors: c.visitors as [number, number],
        variance: c.variance,
        alpha: c.alpha,
        power: c.power,
        sided: c.sided as "two-sided" | "one-sided",
        baselineMean: 0.5,
      });
      if (!result.ok) throw new Error(result.reason);
      close(result.absolute, c.absolute, 1e-6);
      close(result.relative ?? 0, c.absolute / 0.5, 1e-6);
    });
  }

  for (const c of reference.planning.daysNeeded) {
    it(`days to detect ${c.effect} with ${c.dailyVisitors} visitors a day, shares ${c.shares.join("/")}`, () => {
      const result = daysNeeded({
        dailyVisitors: c.dailyVisitors,
        shares: c.shares as [number, number],
        variance: c.variance,
        effect: c.effect,
        alpha: c.alpha,
        power: c.power,
        sided: c.sided as "two-sided" | "one-sided",
      });
      if (!result.ok) throw new Error(result.reason);
      close(result.exactDays, c.exactDays, 1e-6);
      close(result.visitors[0], c.controlVisitors, 1e-6);
      expect(result.days).toBe(Math.ceil(c.exactDays));
    });
  }

  it("explains impossible plans", () => {
    const base = { alpha: 0.05, power: 0.8, sided: "two-sided" as const };
    expect(
      daysNeeded({ ...base, dailyVisitors: 0, shares: [0.5, 0.5], variance: 1, effect: 1 }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      daysNeeded({ ...base, dailyVisitors: 10, shares: [0.5, 0.5], variance: 1, effect: 0 }),
    ).toMatchObject({
      ok: false,
    });
    expect(minimumDetectableEffect({ ...base, visitors: [0, 10], variance: 1 })).toMatchObject({ ok: false });
  });
});
