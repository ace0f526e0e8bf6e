/**
 * The benchmark's workload: experiments of 5 arms × 10 metrics with internally consistent sums (sum of
 * squares ≥ sum²/n, cross products from a chosen correlation), as a warehouse query would return them.
 */
import type { ArmInput, ExperimentInput, MetricSums } from "../../app/experiments/model/types.ts";
import { createNormal, createRandom } from "./simulate.ts";

const METRICS: ExperimentInput["metrics"] = {
  conversion: { type: "proportion" },
  addToCart: { type: "proportion" },
  returningBuyer: { type: "proportion" },
  revenue: { type: "mean" },
  profit: { type: "mean" },
  units: { type: "mean" },
  sessions: { type: "mean" },
  revenueWithPrePeriod: { type: "mean" },
  averageOrderValue: { type: "ratio" },
  unitsPerOrder: { type: "ratio" },
};

/** Sums of n values with the given mean and variance. */
function meanSums(n: number, mean: number, variance: number): { sum: number; sumSquares: number } {
  return { sum: n * mean, sumSquares: (n - 1) * variance + n * mean * mean };
}

/** One experiment: 5 arms, 10 metrics, arm sizes near the intended equal split. */
export function generateExperiment(seed: number): ExperimentInput {
  const random = createRandom(seed);
  const normal = createNormal(random);
  const visitorsPerArm = 2000 + Math.floor(random() * 48000);
  const arms: ArmInput[] = [];
  for (let a = 0; a < 5; a++) {
    const n = Math.max(2, Math.round(visitorsPerArm + normal() * Math.sqrt(visitorsPerArm)));
    const lift = a === 0 ? 1 : 1 + 0.05 * normal();
    const proportion = (p: number): MetricSums => ({ sum: Math.round(n * Math.min(0.99, p * lift)) });
    const mean = (m: number, sd: number): MetricSums => meanSums(n, m * lift, sd * sd);
    const pre = meanSums(n, 2.1, 30);
    const revenue = meanSums(n, 4.1 * lift, 900);
    const correlation = 0.6;
    const ratio = (numeratorMean: number, numeratorSd: number, ordersMean: number): MetricSums => {
      const numerator = meanSums(n, numeratorMean * lift, numeratorSd * numeratorSd);
      const denominator = meanSums(n, ordersMean, ordersMean * (1 - ordersMean) + 0.01);
      return {
        ...numerator,
        denominatorSum: denominator.sum,
        denominatorSumSquares: denominator.sumSquares,
        denominatorCrossProducts:
          (n - 1) * 0.7 * numeratorSd * Math.sqrt(ordersMean * (1 - ordersMean) + 0.01) +
          n * numeratorMean * lift * ordersMean,
      };
    };
    arms.push({
      name: a === 0 ? "control" : `variant-${a}`,
      weight: 0.2,
      visitors: n,
      metrics: {
        conversion: proportion(0.09),
        addToCart: proportion(0.22),
        returningBuyer: proportion(0.03),
        revenue: mean(4.1, 30),
        profit: mean(1.3, 11),
        units: mean(0.16, 0.7),
        sessions: mean(1.8, 1.4),
        revenueWithPrePeriod: {
          ...revenue,
          preSum: pre.sum,
          preSumSquares: pre.sumSquares,
          sumCrossProducts: (n - 1) * correlation * Math.sqrt(30 * 900) + (revenue.sum / n) * pre.sum,
        },
        averageOrderValue: ratio(4.1, 30, 0.09),
        unitsPerOrder: ratio(0.16, 0.7, 0.09),
      },
    });
  }
  return { arms, metrics: METRICS };
}
