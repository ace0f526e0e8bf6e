/**
 * Numeric building blocks against independent references:
 * - normal quantiles, sample quantiles and the ADI/CV² of a retail series from scipy/numpy:
 *   `python3 scripts/reference/inventory/normal-and-classes.py > test/fixtures/inventory/scipy-reference.json`
 * - Nelder-Mead and lead-time demand from R:
 *   `Rscript scripts/reference/inventory/optim-and-lead-time.R > test/fixtures/inventory/optim-lead-time-r.json`
 */
import { describe, expect, it } from "vitest";
import { classifyDemand } from "~/inventory/model/classify.ts";
import { simulateEts } from "~/inventory/model/ets-model.ts";
import { ets } from "~/inventory/model/ets-model.ts";
import { fitEtsModel } from "~/inventory/model/ets.ts";
import { leadTimeDemand } from "~/inventory/model/lead-time.ts";
import { nelderMead } from "~/inventory/model/nelder-mead.ts";
import { normalQuantile, quantile } from "~/inventory/model/stats.ts";
import { fixture, retailSeries } from "./fixtures.ts";

const scipy = fixture<{
  source: string;
  normal: { p: number; q: number }[];
  quantiles: { sample: number[]; p: number[]; values: number[] };
  classification: { series: string; adi: number; cv2: number };
}>("scipy-reference.json");
const r = fixture<{
  source: string;
  nelderMead: { par: number[]; value: number; evaluations: number };
  leadTime: {
    L: number;
    mean: number;
    sd: number;
    probabilities: number[];
    quantiles: number[];
    alpha: number;
    level: number;
  };
}>("optim-lead-time-r.json");
const nile = fixture<{ series: Record<string, number[]> }>("ets-r.json").series.Nile;

describe(`normal and sample quantiles match ${scipy.source}`, () => {
  it("normalQuantile equals scipy.stats.norm.ppf to 1e-14 relative", () => {
    for (const { p, q } of scipy.normal) {
      expect(Math.abs(normalQuantile(p) - q)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(q)));
    }
  });
  it("quantile() is numpy's linear (type 7) quantile", () => {
    scipy.quantiles.p.forEach((p, i) =>
      expect(quantile(scipy.quantiles.sample, p)).toBeCloseTo(scipy.quantiles.values[i], 12),
    );
  });
});

describe("demand classification (Syntetos, Boylan & Croston 2005)", () => {
  it(`ADI and CV² of ${scipy.classification.series} equal numpy's`, () => {
    const profile = classifyDemand(retailSeries(scipy.classification.series).values);
    expect(profile.adi).toBeCloseTo(scipy.classification.adi, 12);
    expect(profile.cv2).toBeCloseTo(scipy.classification.cv2, 12);
    // ADI ≥ 1.32 and CV² ≥ 0.49: the published cut-offs make it lumpy.
    expect(profile.demandClass).toBe("lumpy");
  });
  it("uses the published cut-offs 1.32 and 0.49", () => {
    expect(classifyDemand([5, 5, 5, 5, 5, 6]).demandClass).toBe("smooth");
    expect(classifyDemand([1, 9, 1, 20, 1, 30]).demandClass).toBe("erratic");
    expect(classifyDemand([0, 5, 0, 5, 0, 6]).demandClass).toBe("intermittent");
    expect(classifyDemand([0, 1, 0, 20, 0, 30]).demandClass).toBe("lumpy");
    expect(classifyDemand([0, 0, 0]).demandClass).toBe("no-demand");
  });
});

describe(`Nelder-Mead follows R's optim (${r.source})`, () => {
  it("minimises Rosenbrock from (-1.2, 1) to R's point in R's number of evaluations", () => {
    const result = nelderMead(([a, b]) => 100 * (b - a * a) ** 2 + (1 - a) ** 2, [-1.2, 1]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.x[0]).toBeCloseTo(r.nelderMead.par[0], 10);
    expect(result.x[1]).toBeCloseTo(r.nelderMead.par[1], 10);
    expect(result.value).toBeCloseTo(r.nelderMead.value, 15);
    expect(result.evaluations).toBe(r.nelderMead.evaluations);
  });
  it("refuses an infeasible start with a reason", () => {
    const result = nelderMead(() => Infinity, [1]);
    expect(result.ok).toBe(false);
  });
});

describe("lead-time demand", () => {
  const fitted = fitEtsModel(nile, { error: "A", trend: "N", season: "N", damped: false }, 1);
  if (!fitted.ok) throw new Error(fitted.reason);
  const fit = fitted.fit;

  it("ETS(A,N,N) on Nile: simulated total over 10 periods matches R's analytic normal distribution", () => {
    expect(fit.smoothing.alpha).toBeCloseTo(r.leadTime.alpha, 6);
    const lead = leadTimeDemand(ets, fit, r.leadTime.L, {
      probabilities: r.leadTime.probabilities,
      paths: 20000,
      seed: 7,
    });
    expect(Math.abs(lead.mean - r.leadTime.mean) / r.leadTime.mean).toBeLessThan(1e-9);
    // Monte Carlo error of a quantile with 20,000 paths is about 1% of the sd; allow 4%.
    lead.quantiles.forEach((q, i) =>
      expect(Math.abs(q.units - r.leadTime.quantiles[i])).toBeLessThan(0.04 * r.leadTime.sd),
    );
  });
  it("is deterministic for a seed and its quantiles never decrease", () => {
    const a = leadTimeDemand(ets, fit, 5, { seed: 3, paths: 500 });
    const b = leadTimeDemand(ets, fit, 5, { seed: 3, paths: 500 });
    expect(a).toEqual(b);
    a.quantiles.slice(1).forEach((q, i) => expect(q.units).toBeGreaterThanOrEqual(a.quantiles[i].units));
    expect(simulateEts(fit, 3, 2, 1)).toEqual(simulateEts(fit, 3, 2, 1));
  });
  it("is zero over a lead time of zero days", () => {
    expect(leadTimeDemand(ets, fit, 0).quantiles.every((q) => q.units === 0)).toBe(true);
  });
});
