// Reference values: test/fixtures/experiments/statistics.json ("sequential"), produced by
//   /usr/bin/python3 scripts/reference/experiments/statistics.py
// which evaluates the asymptotic CS of Waudby-Smith et al. (2024) in the paper's own parametrisation
// (ρ² = r²/σ̂², r² from drconfseq's best_rho2_approx) and finds the p-value by root finding on α
// (scipy.optimize.brentq) rather than by the closed form used here.
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { mixingVariance, sequentialInterval, unitHalfWidth } from "~/experiments/model/sequential.ts";
import { simulatePeeking } from "../../../bench/experiments/simulate.ts";

function close(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);
}

describe("asymptotic confidence sequences", () => {
  for (const c of reference.sequential) {
    it(`estimate ${c.estimate} ± SE ${c.standardError} after ${c.sampleSize} visitors (α ${c.alpha}, τ ${c.tau})`, () => {
      const result = sequentialInterval(
        { estimate: c.estimate, standardError: c.standardError },
        c.sampleSize,
        {
          alpha: c.alpha,
          tau: c.tau,
          alternative: "two-sided",
        },
      );
      close(result.ci[0], c.ci[0], 1e-12);
      close(result.ci[1], c.ci[1], 1e-12);
      close(result.pValue, c.pValue, 1e-9);
    });
  }

  it("is tightest at t = τ, as the tuning parameter promises", () => {
    const rSquared = mixingVariance(0.05, 5000);
    // Width × sqrt(t) relative to the fixed-horizon width is minimal near τ (the approximation's optimum).
    const ratio = (t: number) => unitHalfWidth(t, rSquared, 0.05) * Math.sqrt(t);
    expect(ratio(5000)).toBeLessThan(ratio(2000));
    expect(ratio(5000)).toBeLessThan(ratio(12000));
  });

  it("reports one-sided bounds and p = 1 when the estimate points the other way", () => {
    const options = { alpha: 0.05, tau: 5000, alternative: "greater" as const };
    const against = sequentialInterval({ estimate: -0.5, standardError: 0.1 }, 8000, options);
    expect(against.pValue).toBe(1);
    expect(against.ci[1]).toBe(Infinity);
  });
});

describe("continuous monitoring of A/A tests (Monte Carlo, fixed seed)", () => {
  // 400 A/A experiments on skewed revenue, 100 visitors per arm per batch, a look after each of 40 batches.
  // Monte Carlo margin: 3 standard errors of a rate of 0.05 over 400 experiments, 3·sqrt(0.05·0.95/400).
  const setup = { experiments: 400, batches: 40, batchSize: 100, alpha: 0.05, tau: 5000, seed: 20261130 };
  const margin = 3 * Math.sqrt((0.05 * 0.95) / setup.experiments);
  const rates = simulatePeeking(setup);

  it("keeps the sequential false-positive rate at or below alpha", () => {
    expect(rates.sequential).toBeLessThanOrEqual(setup.alpha + margin);
  });

  it("lets the fixed-horizon test exceed alpha when checked the same way", () => {
    expect(rates.fixedHorizonPeeking).toBeGreaterThan(setup.alpha + margin);
  });
});

describe("the mixing scale exposed directly", () => {
  it("gives the same sequence when r is set to the value τ implies", () => {
    const difference = { estimate: 0.3, standardError: 0.1 };
    const viaTau = sequentialInterval(difference, 9000, { alpha: 0.05, tau: 5000, alternative: "two-sided" });
    const rho = Math.sqrt(mixingVariance(0.05, 5000));
    const viaRho = sequentialInterval(difference, 9000, {
      alpha: 0.05,
      tau: 1,
      rho,
      alternative: "two-sided",
    });
    close(viaRho.ci[0], viaTau.ci[0], 1e-14);
    close(viaRho.ci[1], viaTau.ci[1], 1e-14);
    close(viaRho.pValue, viaTau.pValue, 1e-14);
  });
});
