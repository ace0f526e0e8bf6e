import { describe, expect, it } from "vitest";
import { digamma, logAddExp, logGamma, logHyp2f1, logistic } from "~/customers/model/special-functions.ts";
import { cdnowReference } from "./cdnow-data.ts";

// Reference values: scipy.special.gammaln / digamma and mpmath.hyp2f1 at 60 digits, written by
// scripts/reference/customers/cdnow_reference.py into test/fixtures/customers/cdnow-reference.json.
const ref = cdnowReference();

describe("logGamma and digamma", () => {
  it.each(ref.logGamma)("ln Γ($x) matches scipy.special.gammaln", ({ x, value }) => {
    expect(Math.abs(logGamma(x) - value)).toBeLessThan(1e-12 * Math.max(1, Math.abs(value)));
  });
  it.each(ref.digamma)("ψ($x) matches scipy.special.digamma", ({ x, value }) => {
    expect(Math.abs(digamma(x) - value)).toBeLessThan(1e-12 * Math.max(1, Math.abs(value)));
  });
});

describe("logHyp2f1", () => {
  it.each(ref.hyp2f1)("2F1($a, $b; $c; $z) matches mpmath", ({ a, b, c, z, logAbsValue, sign }) => {
    const h = logHyp2f1(a, b, c, z);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.sign).toBe(sign);
    expect(Math.abs(h.logAbs - logAbsValue)).toBeLessThan(1e-11 * Math.max(1, Math.abs(logAbsValue)));
  });

  it("takes negative arguments through Pfaff's transformation", () => {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z (Abramowitz & Stegun 15.1.3).
    const h = logHyp2f1(1, 1, 2, -3);
    expect(h.ok && h.sign * Math.exp(h.logAbs)).toBeCloseTo(Math.log(4) / 3, 13);
  });

  it("refuses z ≥ 1 and c at a pole with a reason", () => {
    expect(logHyp2f1(1, 1, 2, 1)).toEqual({ ok: false, reason: expect.any(String) });
    expect(logHyp2f1(1, 1, -2, 0.5)).toEqual({ ok: false, reason: expect.any(String) });
  });
});

describe("log-space helpers", () => {
  it("adds huge exponents without overflow", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logistic(-800)).toBeGreaterThanOrEqual(0);
    expect(logistic(800)).toBe(1);
  });
});
