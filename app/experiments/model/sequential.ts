/**
 * Anytime-valid inference: asymptotic confidence sequences (AsympCS) of Waudby-Smith, Arnold, Wu, Howard
 * & Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences", Annals of Statistics
 * 2024 (arXiv:2103.06476), §2: the Gaussian-mixture (Robbins normal-mixture) AsympCS
 *
 *   μ̂_t ± sqrt( 2(t σ̂² ρ² + 1) / (t² ρ²) · log( sqrt(t σ̂² ρ² + 1) / α ) ).
 *
 * Unlike a fixed-horizon interval, P(the true effect leaves the sequence at ANY time) ≤ α asymptotically,
 * so a merchant may look after every batch of visitors and stop whenever the interval excludes zero.
 *
 * Parametrisation. Write ρ = r/σ̂ (r is the mixing scale in standard-deviation units); the half-width
 * becomes σ̂ · sqrt( 2(t r² + 1)/(t² r²) · log( sqrt(t r² + 1)/α ) ), free of the data's units. The
 * "tuning parameter" τ (default 5,000, GrowthBook's `sequentialTuningParameter`) is the sample size at which
 * this width is smallest; the approximate minimiser (the paper's choice of ρ, as coded in the authors' R
 * package drconfseq, `best_rho2_approx`, and in GrowthBook's gbstats, `sequential_rho`) is
 *
 *   r² = ( −2 log α + log(1 − 2 log α) ) / τ.
 *
 * Two-sample comparisons follow GrowthBook: t = n_control + n_variant visitors and σ̂² = t · SE², where SE is
 * the standard error of the (absolute or delta-method relative) difference; for a 50/50 split with equal
 * variances σ̂² = 4σ², the variance of the paper's inverse-propensity-weighted pseudo-outcome for
 * the average treatment effect under 50/50 randomisation.
 */
import type { Alternative, Interval } from "./types.ts";
import type { Difference } from "./frequentist.ts";

/** The default tuning parameter τ: the CS is tightest near 5,000 visitors in total. */
export const DEFAULT_TAU = 5000;

/** Options of the sequential method. */
export interface SequentialOptions {
  alpha: number;
  /** τ: the total sample size at which the confidence sequence is tightest. */
  tau: number;
  /**
   * The mixing scale r (ρσ̂ in the paper's notation) set directly; when given it overrides τ.
   * r² = (−2 log α + log(1 − 2 log α))/τ is the value τ implies.
   */
  rho?: number;
  alternative: Alternative;
}

/** r² (mixing variance in standard-deviation units) that makes the CS tightest at t = τ. */
export function mixingVariance(alpha: number, tau: number): number {
  const minusTwoLogAlpha = -2 * Math.log(alpha);
  return (minusTwoLogAlpha + Math.log(1 + minusTwoLogAlpha)) / tau;
}

/**
 * The half-width of the AsympCS for unit variance after t observations, at level α with mixing variance
 * r²: sqrt( 2(t r² + 1)/(t² r²) · log( sqrt(t r² + 1)/α ) ).
 */
export function unitHalfWidth(t: number, rSquared: number, alpha: number): number {
  const growth = t * rSquared + 1;
  return Math.sqrt(((2 * growth) / (t * t * rSquared)) * (0.5 * Math.log(growth) - Math.log(alpha)));
}

/**
 * The anytime-valid p-value: the smallest α whose confidence sequence (with r² held at its tuned value)
 * excludes zero. Inverting the half-width gives the closed form
 *   p = min(1, sqrt(t r² + 1) · exp( −t² r² z̄² / (2(t r² + 1)) )),  z̄ = estimate / σ̂,
 * i.e. the reciprocal of the Gaussian-mixture martingale, so P(∃t: p_t ≤ α) ≤ α and the running minimum
 * over looks is valid too.
 */
export function anytimePValue(estimate: number, sigma: number, t: number, rSquared: number): number {
  if (sigma === 0) return estimate === 0 ? 1 : 0;
  const growth = t * rSquared + 1;
  const standardised = estimate / sigma;
  const logE = (t * t * rSquared * standardised * standardised) / (2 * growth) - 0.5 * Math.log(growth);
  return logE <= 0 ? 1 : Math.exp(-logE);
}

/**
 * The confidence sequence and anytime-valid p-value of a difference after `sampleSize` visitors in total.
 * One-sided alternatives report the one relevant bound of the two-sided sequence (conservative: the
 * two-sided mixture boundary crosses on one given side with probability below α) and p = 1 when the
 * estimate points the other way.
 */
export function sequentialInterval(
  difference: Difference,
  sampleSize: number,
  options: SequentialOptions,
): Interval {
  const { estimate, standardError } = difference;
  const rSquared =
    options.rho !== undefined ? options.rho * options.rho : mixingVariance(options.alpha, options.tau);
  const sigma = standardError * Math.sqrt(sampleSize);
  const halfWidth = sigma * unitHalfWidth(sampleSize, rSquared, options.alpha);
  const twoSidedP = anytimePValue(estimate, sigma, sampleSize, rSquared);
  if (options.alternative === "two-sided") {
    return { estimate, standardError, ci: [estimate - halfWidth, estimate + halfWidth], pValue: twoSidedP };
  }
  if (options.alternative === "greater") {
    return {
      estimate,
      standardError,
      ci: [estimate - halfWidth, Infinity],
      pValue: estimate > 0 ? twoSidedP : 1,
    };
  }
  return {
    estimate,
    standardError,
    ci: [-Infinity, estimate + halfWidth],
    pValue: estimate < 0 ? twoSidedP : 1,
  };
}
