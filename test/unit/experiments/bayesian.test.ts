// Reference values: test/fixtures/experiments/statistics.json ("bayesian"), produced by
//   /usr/bin/python3 scripts/reference/experiments/statistics.py
// The posterior with a prior is integrated numerically (scipy.integrate.quad over prior × likelihood) and
// the expected losses by integrating the posterior, independently of the closed forms used here.
import { describe, expect, it } from "vitest";
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { bayesianLift } from "~/experiments/model/bayesian.ts";

function close(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-15);
}

describe("Bayesian lift (normal approximation)", () => {
  for (const c of reference.bayesian) {
    it(`estimate ${c.estimate} ± ${c.standardError}, prior ${c.prior ? JSON.stringify(c.prior) : "flat"}`, () => {
      const result = bayesianLift(
        { estimate: c.estimate, standardError: c.standardError },
        { alpha: 0.05, prior: c.prior },
      );
      close(result.posteriorMean, c.posteriorMean, 1e-9);
      close(result.posteriorStandardDeviation, c.posteriorStandardDeviation, 1e-9);
      close(result.chanceToWin, c.chanceToWin, 1e-9);
      close(result.risk[0], c.risk[0], 1e-9);
      close(result.risk[1], c.risk[1], 1e-9);
      close(result.ci[0], c.ci[0], 1e-9);
      close(result.ci[1], c.ci[1], 1e-9);
    });
  }

  it("is defined when there is no uncertainty left", () => {
    const result = bayesianLift({ estimate: 0.1, standardError: 0 }, { alpha: 0.05 });
    expect(result).toMatchObject({ chanceToWin: 1, risk: [0.1, 0], ci: [0.1, 0.1] });
  });
});
