// Reference values: scipy.stats.chisquare(visitors, f_exp=total * weights / sum(weights)), from
//   /usr/bin/python3 scripts/reference/experiments/statistics.py  (fixture "srm")
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { sampleRatioMismatch } from "~/experiments/model/srm.ts";

describe("sample ratio mismatch", () => {
  for (const c of reference.srm) {
    it(`${c.visitors.join("/")} against weights ${c.weights.join("/")}`, () => {
      const result = sampleRatioMismatch(c.visitors, c.weights);
      if (!result.ok) throw new Error(result.reason);
      expect(Math.abs(result.chiSquare - c.chiSquare)).toBeLessThanOrEqual(1e-12 * c.chiSquare);
      expect(Math.abs(result.pValue - c.pValue)).toBeLessThanOrEqual(1e-12 * c.pValue);
      expect(result.flagged).toBe(c.pValue < 0.001);
    });
  }

  it("flags a broken split and passes a healthy one", () => {
    expect(sampleRatioMismatch([5000, 5400], [1, 1])).toMatchObject({ ok: true, flagged: true });
    expect(sampleRatioMismatch([3407, 3461], [0.5, 0.5])).toMatchObject({ ok: true, flagged: false });
  });

  it("explains degenerate inputs", () => {
    expect(sampleRatioMismatch([100], [1])).toMatchObject({ ok: false });
    expect(sampleRatioMismatch([0, 0], [0.5, 0.5])).toEqual({ ok: false, reason: "no visitors yet" });
    expect(sampleRatioMismatch([10, 10], [0.5, 0])).toMatchObject({ ok: false });
  });
});
