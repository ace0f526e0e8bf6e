// Reference values: test/fixtures/experiments/distributions.json, produced by
//   /usr/bin/python3 scripts/reference/experiments/distributions.py
// (scipy 1.10.1 for the normal and chi-square; mpmath 1.2.1 at 40 digits for Student's t).
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/distributions.json" with { type: "json" };
import {
  chiSquareCdf,
  chiSquarePdf,
  chiSquareQuantile,
  chiSquareSf,
  chiSquareUpperQuantile,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  normalUpperQuantile,
  studentTCdf,
  studentTPdf,
  studentTQuantile,
  studentTSf,
  studentTUpperQuantile,
} from "~/experiments/model/distributions.ts";
import { incompleteBeta } from "~/experiments/model/special-functions.ts";

function expectRelative(actual: number, expected: number, tolerance: number, label: string): void {
  if (expected === 0 || actual === expected) {
    expect(Math.abs(actual - expected), label).toBeLessThanOrEqual(1e-300);
    return;
  }
  expect(Math.abs(actual - expected) / Math.abs(expected), label).toBeLessThanOrEqual(tolerance);
}

// Student t up to df = 3e6 (a large experiment's Welch df): the incomplete-beta continued fraction is
// evaluated without cancellation (special-functions.ts), so full double precision holds there too.
const T_TOLERANCE = 1e-13;

describe("normal distribution (scipy.stats.norm)", () => {
  it("matches the CDF, upper tail and density down to 1e-300", () => {
    for (const c of reference.normal) {
      expectRelative(normalCdf(c.z), c.cdf, 1e-12, `cdf(${c.z})`);
      expectRelative(normalSf(c.z), c.sf, 1e-12, `sf(${c.z})`);
      expectRelative(normalPdf(c.z), c.pdf, 1e-13, `pdf(${c.z})`);
    }
  });

  it("matches the quantiles, including p = 1e-300", () => {
    for (const c of reference.normalQuantile) {
      expectRelative(normalQuantile(c.p), c.quantile, 1e-14, `ppf(${c.p})`);
      expectRelative(normalUpperQuantile(c.p), c.upperQuantile, 1e-14, `isf(${c.p})`);
    }
  });

  it("gives the limits at 0 and 1 and NaN outside", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe("Student t distribution (mpmath, 40 digits)", () => {
  it("matches the CDF, upper tail and density for df from 1 to 3e6", () => {
    for (const c of reference.studentT) {
      const tolerance = T_TOLERANCE;
      expectRelative(studentTCdf(c.t, c.df), c.cdf, tolerance, `cdf(${c.t}; ${c.df})`);
      expectRelative(studentTSf(c.t, c.df), c.sf, tolerance, `sf(${c.t}; ${c.df})`);
      expectRelative(studentTPdf(c.t, c.df), c.pdf, 1e-12, `pdf(${c.t}; ${c.df})`);
    }
  });

  it("matches the quantiles, including p = 1e-12", () => {
    for (const c of reference.studentTQuantile) {
      const tolerance = T_TOLERANCE;
      if (c.p === 0.5) {
        expect(studentTQuantile(c.p, c.df)).toBe(0);
        continue;
      }
      expectRelative(studentTQuantile(c.p, c.df), c.quantile, tolerance, `ppf(${c.p}; ${c.df})`);
      expectRelative(studentTUpperQuantile(c.p, c.df), c.upperQuantile, tolerance, `isf(${c.p}; ${c.df})`);
    }
  });
});

describe("chi-square distribution (scipy.stats.chi2)", () => {
  it("matches the CDF, upper tail (to 1e-32) and density", () => {
    for (const c of reference.chiSquare) {
      expectRelative(chiSquareCdf(c.x, c.df), c.cdf, 1e-12, `cdf(${c.x}; ${c.df})`);
      expectRelative(chiSquareSf(c.x, c.df), c.sf, 1e-12, `sf(${c.x}; ${c.df})`);
      expectRelative(chiSquarePdf(c.x, c.df), c.pdf, 1e-12, `pdf(${c.x}; ${c.df})`);
    }
  });

  it("matches the quantiles", () => {
    for (const c of reference.chiSquareQuantile) {
      expectRelative(chiSquareQuantile(c.p, c.df), c.quantile, 1e-12, `ppf(${c.p}; ${c.df})`);
    }
    for (const c of reference.chiSquareUpperQuantile) {
      expectRelative(chiSquareUpperQuantile(c.q, c.df), c.quantile, 1e-12, `isf(${c.q}; ${c.df})`);
    }
  });
});

describe("regularised incomplete beta (mpmath quadrature, 30 digits)", () => {
  it("keeps its digits for parameters up to 1e6 and x next to 0 or 1", () => {
    for (const c of reference.incompleteBeta) {
      const result = incompleteBeta(c.x, c.a, c.b);
      // a·log x and b·log(1 − x) reach 1e5 in size for the a ≈ b ≈ 2e5 case, 7.7 standard deviations out,
      // so a rounding of 1e-16 in them is 1e-11 in the result: the tolerance follows that conditioning.
      const tolerance = c.a > 1e5 && c.b > 1e5 ? 1e-10 : 2e-12;
      expectRelative(result.lower, c.lower, tolerance, `I(${c.x}; ${c.a}, ${c.b})`);
      expectRelative(result.upper, c.upper, tolerance, `1 − I(${c.x}; ${c.a}, ${c.b})`);
    }
  });
});
