/**
 * Parameter recovery: customers simulated from known BG/NBD and Gamma-Gamma parameters (the models' own
 * stories, app/customers/model/simulate.ts) are fitted back. "Within sampling error" is checked on the
 * log scale against the standard errors from the observed information: |ln θ̂ - ln θ| < 3 SE for each
 * parameter and seed. The reference values are the simulation's true parameters.
 */
import { describe, expect, it } from "vitest";
import { fitBgNbd } from "~/customers/model/bgnbd.ts";
import { fitGammaGamma } from "~/customers/model/gamma-gamma.ts";
import { simulateCustomers, simulatedSummary } from "~/customers/model/simulate.ts";

const bgnbd = { r: 0.5, alpha: 5, a: 0.8, b: 2.5 };
const gammaGamma = { p: 6, q: 4, v: 15 };
const seeds = [11, 2026, 424242];

describe.each(seeds)("simulated shop, seed %i (4,000 customers)", (seed) => {
  const customers = simulateCustomers({ customers: 4000, bgnbd, gammaGamma, minT: 20, maxT: 60, seed }).map(
    simulatedSummary,
  );

  it("BG/NBD fit recovers r, α, a, b within 3 standard errors", () => {
    const fit = fitBgNbd(customers);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.converged).toBe(true);
    const se = fit.logParamStandardErrors;
    expect(se).toBeDefined();
    (["r", "alpha", "a", "b"] as const).forEach((key, i) => {
      const z = Math.abs(Math.log(fit.params[key] / bgnbd[key])) / (se as number[])[i];
      expect(z, `${key}: fitted ${fit.params[key]}, true ${bgnbd[key]}`).toBeLessThan(3);
    });
  });

  it("Gamma-Gamma fit recovers p, q, v within 3 standard errors", () => {
    const fit = fitGammaGamma(customers);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    const se = fit.logParamStandardErrors;
    expect(se).toBeDefined();
    (["p", "q", "v"] as const).forEach((key, i) => {
      const z = Math.abs(Math.log(fit.params[key] / gammaGamma[key])) / (se as number[])[i];
      expect(z, `${key}: fitted ${fit.params[key]}, true ${gammaGamma[key]}`).toBeLessThan(3);
    });
  });
});
