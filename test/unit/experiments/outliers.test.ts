// Reference values: numpy.percentile (linear interpolation, Hyndman & Fan type 7) of a simulated revenue
// sample, from /usr/bin/python3 scripts/reference/experiments/statistics.py  (fixture "outliers")
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { capAtPercentile, percentile, summariseValues } from "~/experiments/model/outliers.ts";

describe("capping at a percentile", () => {
  it("matches numpy's percentiles", () => {
    for (const c of reference.outliers.percentiles) {
      const result = percentile(reference.outliers.values, c.q);
      if (!result.ok) throw new Error(result.reason);
      expect(result.value).toBeCloseTo(c.value, 10);
    }
  });

  it("caps only the values above the cap and summarises the rest", () => {
    const values = reference.outliers.values;
    const p99 = reference.outliers.percentiles.find((c) => c.q === 0.99)!.value;
    const capped = capAtPercentile(values, 0.99);
    if (!capped.ok) throw new Error(capped.reason);
    expect(capped.cappedCount).toBe(values.filter((v) => v > p99).length);
    expect(Math.max(...capped.values)).toBeCloseTo(p99, 10);
    const sums = summariseValues(capped.values);
    expect(sums.visitors).toBe(values.length);
    expect(sums.sum).toBeCloseTo(
      values.reduce((total, v) => total + Math.min(v, p99), 0),
      8,
    );
  });

  it("explains empty input and an invalid percentile", () => {
    expect(percentile([], 0.5)).toMatchObject({ ok: false });
    expect(percentile([1, 2], 1.5)).toMatchObject({ ok: false });
  });
});
