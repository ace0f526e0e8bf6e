import { describe, expect, it } from "vitest";
import {
  conditionalExpectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  nextPurchaseWait,
} from "~/customers/model/bgnbd.ts";
import { fitGammaGamma } from "~/customers/model/gamma-gamma.ts";
import { cdnowReference } from "./cdnow-data.ts";

// Reference: scripts/reference/customers/cdnow_reference.py (mpmath 2F1 for eq. 9; scipy.stats.lomax).
const ref = cdnowReference();
const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe("BG/NBD quantities", () => {
  it.each(ref.unconditional)(
    "E[X($t)] for a new customer matches mpmath (FHL 2005 eq. 9)",
    ({ t, value }) => {
      const e = expectedPurchasesNewCustomer(published, t);
      expect(e.ok && Math.abs(e.value / value - 1)).toBeLessThan(1e-10);
    },
  );

  it.each(ref.nextPurchaseWait)(
    "wait to the next purchase (x = $x, T = $T) matches scipy's Lomax",
    ({ x, T, mean, median }) => {
      const w = nextPurchaseWait(published, { frequency: x, recency: 0, T });
      expect(w.mean === null ? null : Math.abs(w.mean / (mean as number) - 1) < 1e-12).toBe(
        mean === null ? null : true,
      );
      expect(Math.abs(w.median / median - 1)).toBeLessThan(1e-12);
    },
  );
});

describe("a fit at the no-dropout boundary (a → 0, as on Online Retail)", () => {
  const [r, alpha, a, b] = ref.boundaryFit.params;
  it.each(ref.boundaryFit.cases)(
    "E[Y($t)] for x = $x, T = $T matches mpmath where 2F1 < 0",
    ({ x, tx, T, t, value }) => {
      const e = conditionalExpectedPurchases({ r, alpha, a, b }, { frequency: x, recency: tx, T }, t);
      expect(e.ok && Math.abs(e.value / value - 1)).toBeLessThan(1e-9);
    },
  );
});

describe("degenerate inputs give reasons, never throws or NaN", () => {
  it("refuses data without repeat purchases or with impossible histories", () => {
    expect(fitBgNbd([])).toEqual({ ok: false, reason: "no customers to fit" });
    expect(fitBgNbd([{ frequency: 0, recency: 0, T: 10 }])).toEqual({
      ok: false,
      reason: "no customer has a repeat purchase",
    });
    expect(fitBgNbd([{ frequency: 2, recency: 12, T: 10 }]).ok).toBe(false);
    expect(fitBgNbd([{ frequency: 1.5, recency: 1, T: 10 }]).ok).toBe(false);
    expect(fitGammaGamma([{ frequency: 1, monetary: 10 }])).toEqual({
      ok: false,
      reason: "fewer than 2 customers with a repeat purchase",
    });
    expect(
      fitGammaGamma([
        { frequency: 1, monetary: 10 },
        { frequency: 3, monetary: 10 },
      ]).ok,
    ).toBe(false);
  });

  it("fits a single repeat customer to finite parameters", () => {
    const fit = fitBgNbd([
      { frequency: 1, recency: 5, T: 10 },
      { frequency: 0, recency: 0, T: 10 },
    ]);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
  });
});
