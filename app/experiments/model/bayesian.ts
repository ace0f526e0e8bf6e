/**
 * Bayesian summary of a lift under a normal approximation (GrowthBook's Bayesian engine since 2023 uses the
 * same model: "Bayesian A/B testing with a normal likelihood", GrowthBook statistics docs). The likelihood
 * of the lift is N(estimate, SE²); the prior is N(μ₀, σ₀²) or flat, so the posterior is normal with
 * precision 1/SE² + 1/σ₀² (conjugate update; Gelman et al., Bayesian Data Analysis, 3rd ed., §2.5).
 */
import { normalCdf, normalPdf, normalUpperQuantile } from "./distributions.ts";
import type { Difference } from "./frequentist.ts";

/** A normal prior on the lift, in the lift's own units (relative lift: 0.1 = +10 %). */
export interface NormalPrior {
  mean: number;
  standardDeviation: number;
}

/** Options of the Bayesian summary. */
export interface BayesianOptions {
  /** 1 − credibility of the interval: 0.05 gives a 95 % credible interval. */
  alpha: number;
  /** Absent or null: a flat prior. */
  prior?: NormalPrior | null;
}

/** The posterior summary shown to a merchant. */
export interface BayesianResult {
  /** P(lift > 0 | data). */
  chanceToWin: number;
  /** Expected loss of choosing [control, variant]: E[max(lift, 0)] and E[max(−lift, 0)]. */
  risk: [number, number];
  /** Equal-tailed credible interval of the lift. */
  ci: [number, number];
  posteriorMean: number;
  posteriorStandardDeviation: number;
}

/**
 * The posterior of a lift and what it means for the decision.
 * Expected losses use E[max(X, 0)] = m Φ(m/s) + s φ(m/s) for X ~ N(m, s²) (the normal partial expectation).
 * @example bayesianLift({ estimate: 0.04, standardError: 0.02 }, { alpha: 0.05 }).chanceToWin // ≈ 0.977
 */
export function bayesianLift(difference: Difference, options: BayesianOptions): BayesianResult {
  const { estimate, standardError } = difference;
  let mean = estimate;
  let variance = standardError * standardError;
  const prior = options.prior;
  if (prior && prior.standardDeviation > 0 && Number.isFinite(prior.standardDeviation)) {
    const priorPrecision = 1 / (prior.standardDeviation * prior.standardDeviation);
    const dataPrecision = variance > 0 ? 1 / variance : Infinity;
    if (dataPrecision === Infinity) {
      variance = 0;
    } else {
      const precision = priorPrecision + dataPrecision;
      mean = (prior.mean * priorPrecision + estimate * dataPrecision) / precision;
      variance = 1 / precision;
    }
  }
  const sd = Math.sqrt(variance);
  if (sd === 0) {
    return {
      chanceToWin: mean > 0 ? 1 : mean < 0 ? 0 : 0.5,
      risk: [Math.max(mean, 0), Math.max(-mean, 0)],
      ci: [mean, mean],
      posteriorMean: mean,
      posteriorStandardDeviation: 0,
    };
  }
  const z = mean / sd;
  const critical = normalUpperQuantile(options.alpha / 2);
  const density = normalPdf(z);
  return {
    chanceToWin: normalCdf(z),
    risk: [mean * normalCdf(z) + sd * density, -mean * normalCdf(-z) + sd * density],
    ci: [mean - critical * sd, mean + critical * sd],
    posteriorMean: mean,
    posteriorStandardDeviation: sd,
  };
}
