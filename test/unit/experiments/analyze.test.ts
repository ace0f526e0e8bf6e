// Reference values: test/fixtures/experiments/statistics.json, produced by
//   /usr/bin/python3 scripts/reference/experiments/statistics.py
// "example": scipy.stats.chisquare and ttest_ind_from_stats(equal_var=False) on the example experiment;
// "cuped": statsmodels OLS; "ratio": delta method with numerical derivatives.
import { describe, expect, it } from "vitest";
import example from "../../fixtures/experiments/example-experiment.json" with { type: "json" };
import reference from "../../fixtures/experiments/statistics.json" with { type: "json" };
import { analyzeExperiment, type Comparison } from "~/experiments/model/analyze.ts";
import { holmAdjust } from "~/experiments/model/multiple-testing.ts";
import type { ArmInput, ExperimentInput } from "~/experiments/model/types.ts";
import { createRandom } from "../../../bench/experiments/simulate.ts";

function close(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

function okResult(result: Comparison): Extract<Comparison, { ok: true }> {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

function containsNaN(value: unknown): boolean {
  if (typeof value === "number") return Number.isNaN(value);
  if (Array.isArray(value)) return value.some(containsNaN);
  if (value && typeof value === "object") return Object.values(value).some(containsNaN);
  return false;
}

const exampleInput = example as ExperimentInput;

describe("analyzeExperiment on the example experiment", () => {
  const analysis = analyzeExperiment(exampleInput);

  it("checks the sample ratio (scipy chisquare)", () => {
    if (!analysis.srm.ok) throw new Error(analysis.srm.reason);
    close(analysis.srm.pValue, reference.example.srmPValue, 1e-12);
    expect(analysis.srm.flagged).toBe(false);
  });

  it("tests revenue and orders (scipy ttest_ind_from_stats, Welch)", () => {
    const [revenue, orders] = analysis.results.map(okResult);
    expect([revenue.metric, orders.metric]).toEqual(["revenue", "orders"]);
    close(revenue.absolute.estimate, reference.example.revenue.estimate, 1e-12);
    close(revenue.absolute.pValue, reference.example.revenue.pValue, 1e-9);
    close(orders.absolute.estimate, reference.example.orders.estimate, 1e-12);
    close(orders.absolute.pValue, reference.example.orders.pValue, 1e-9);
  });

  it("reports sequential intervals wider than the fixed-horizon ones, and a Bayesian summary", () => {
    for (const result of analysis.results.map(okResult)) {
      expect(result.sequential.absolute.ci[0]).toBeLessThan(result.absolute.ci[0]);
      expect(result.sequential.absolute.ci[1]).toBeGreaterThan(result.absolute.ci[1]);
      expect(result.sequential.absolute.pValue).toBeGreaterThanOrEqual(result.absolute.pValue);
      expect(result.bayesian?.chanceToWin).toBeGreaterThan(0.5);
    }
  });
});

describe("analyzeExperiment with many arms", () => {
  const arms = ["control", "b", "c"].map((name, i) => ({
    ...exampleInput.arms[i === 0 ? 0 : 1],
    name,
    weight: 1,
  }));

  it("adjusts p-values across every variant and metric (Holm)", () => {
    const plain = analyzeExperiment({ ...exampleInput, arms });
    const adjusted = analyzeExperiment({ ...exampleInput, arms }, { correction: "holm" });
    const raw = plain.results.map((r) => okResult(r).absolute.pValue);
    const expected = holmAdjust(raw);
    adjusted.results.forEach((r, i) => expect(okResult(r).absolute.pValueAdjusted).toBe(expected[i]));
    expect(adjusted.results).toHaveLength(4);
  });
});

describe("analyzeExperiment with CUPED and ratio metrics", () => {
  it("uses the pre-experiment sums (statsmodels OLS treatment effect)", () => {
    const c = reference.cuped[0];
    const input: ExperimentInput = {
      arms: [
        { name: "control", weight: 1, visitors: c.control.visitors, metrics: { units: c.control } },
        { name: "b", weight: 1, visitors: c.variant.visitors, metrics: { units: c.variant } },
      ],
      metrics: { units: { type: "mean" } },
    };
    const result = okResult(analyzeExperiment(input).results[0]);
    close(result.absolute.estimate, c.estimate, 1e-9);
    close(result.cuped?.varianceReduction ?? 0, c.varianceReduction, 1e-9);
    close(result.absolute.standardError, c.adjustedStandardError, 1e-9);
  });

  it("compares average order value through the delta method", () => {
    const [a, b] = reference.ratio;
    const sums = (r: typeof a) => ({
      sum: r.sums.numeratorSum,
      sumSquares: r.sums.numeratorSumSquares,
      denominatorSum: r.sums.denominatorSum,
      denominatorSumSquares: r.sums.denominatorSumSquares,
      denominatorCrossProducts: r.sums.crossProducts,
    });
    const input: ExperimentInput = {
      arms: [
        { name: "control", weight: 1, visitors: a.visitors, metrics: { aov: sums(a) } },
        { name: "b", weight: 1, visitors: b.visitors, metrics: { aov: sums(b) } },
      ],
      metrics: { aov: { type: "ratio" } },
    };
    const result = okResult(analyzeExperiment(input).results[0]);
    close(result.absolute.estimate, b.ratio - a.ratio, 1e-12);
    close(result.absolute.standardError, Math.hypot(a.standardError, b.standardError), 1e-7);
  });
});

describe("degenerate experiments give reasons, never NaN", () => {
  it("one arm", () => {
    const analysis = analyzeExperiment({ ...exampleInput, arms: [exampleInput.arms[0]] });
    expect(analysis.srm).toMatchObject({ ok: false, pValue: null, flagged: false });
    expect(analysis.results).toEqual([]);
    expect(analysis.notes.join(" ")).toMatch(/one arm/);
  });

  it("no visitors in the variant", () => {
    const empty = {
      ...exampleInput.arms[1],
      visitors: 0,
      metrics: { revenue: { sum: 0, sumSquares: 0 }, orders: { sum: 0 } },
    };
    const analysis = analyzeExperiment({ ...exampleInput, arms: [exampleInput.arms[0], empty] });
    expect(analysis.results.every((r) => !r.ok && /no visitors/.test(r.reason))).toBe(true);
    expect(containsNaN(analysis)).toBe(false);
  });

  it("zero variance everywhere", () => {
    const flat = (name: string) => ({
      name,
      weight: 1,
      visitors: 100,
      metrics: { revenue: { sum: 500, sumSquares: 2500 }, orders: { sum: 0 } },
    });
    const analysis = analyzeExperiment({ ...exampleInput, arms: [flat("control"), flat("b")] });
    expect(analysis.results.every((r) => !r.ok && /zero variance/.test(r.reason))).toBe(true);
    expect(containsNaN(analysis)).toBe(false);
  });

  it("a metric missing from an arm", () => {
    const partial = { ...exampleInput.arms[1], metrics: { revenue: exampleInput.arms[1].metrics.revenue } };
    const analysis = analyzeExperiment({ ...exampleInput, arms: [exampleInput.arms[0], partial] });
    expect(analysis.results[1]).toMatchObject({ ok: false, metric: "orders" });
    expect(analysis.results[0].ok).toBe(true);
  });
});

describe("the result contract over random and extreme inputs", () => {
  it("never throws and never returns NaN (500 seeded experiments)", () => {
    const random = createRandom(424242);
    const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
    for (let e = 0; e < 500; e++) {
      const arms: ArmInput[] = [];
      const armCount = pick([1, 2, 3, 5]);
      for (let a = 0; a < armCount; a++) {
        const visitors = pick([0, 1, 2, 3, 50, 1000, 2_000_000]);
        const conversions = Math.floor(visitors * pick([0, 0.001, 0.1, 1]));
        const mean = pick([0, -2, 0.4, 1e6]);
        const variance = pick([0, 1e-12, 15, 1e12]);
        const sum = mean * visitors;
        const sumSquares = Math.max(0, (visitors - 1) * variance + visitors * mean * mean);
        arms.push({
          name: `arm-${a}`,
          weight: pick([0.5, 1, 1e-9]),
          visitors,
          metrics: {
            orders: { sum: conversions },
            revenue: { sum, sumSquares },
            profit: {
              sum,
              sumSquares,
              preSum: pick([0, sum / 2]),
              preSumSquares: sumSquares / 3,
              sumCrossProducts: sumSquares / 4,
            },
            aov: {
              sum,
              sumSquares,
              denominatorSum: conversions,
              denominatorSumSquares: conversions,
              denominatorCrossProducts: sum / 2,
            },
          },
        });
      }
      const input: ExperimentInput = {
        arms,
        metrics: {
          orders: { type: "proportion" },
          revenue: { type: "mean" },
          profit: { type: "mean" },
          aov: { type: "ratio" },
        },
      };
      const analysis = analyzeExperiment(input, { correction: pick(["none", "holm", "benjamini-hochberg"]) });
      expect(containsNaN(analysis)).toBe(false);
      for (const result of analysis.results) {
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
      }
    }
  });
});
