/**
 * CUPED: variance reduction with pre-experiment data (Deng, Xu, Kohavi & Walker, "Improving the
 * sensitivity of online controlled experiments by utilizing pre-experiment data", WSDM 2013). Each
 * visitor's metric Y is replaced by Y − θ(X − X̄), X being the same visitor's value before the experiment
 * (earlier orders); the more X predicts Y, the narrower the intervals, with no bias because X cannot be
 * affected by the treatment.
 *
 * θ is the pooled within-arm regression slope Σ_arms S_xy / Σ_arms S_xx. With that θ the adjusted
 * difference equals the treatment coefficient of the OLS regression Y ~ 1 + treatment + X on the two arms
 * (Frisch–Waugh–Lovell), the form the tests pin it to.
 */
import { sampleCovariance, sampleVariance } from "./metrics.ts";
import type { Outcome, SampleSummary } from "./types.ts";

/** One arm's sums of the metric Y and the pre-experiment covariate X. */
export interface CupedSums {
  n: number;
  sum: number;
  sumSquares: number;
  preSum: number;
  preSumSquares: number;
  /** Σ Y·X over visitors. */
  sumCrossProducts: number;
}

/** Adjusted summaries of both arms, θ, and the share of the difference's variance removed. */
export interface CupedResult {
  control: SampleSummary;
  variant: SampleSummary;
  theta: number;
  /** 1 − Var(adjusted difference) / Var(unadjusted difference), in [0, 1) when X helps. */
  varianceReduction: number;
}

function centred(arm: CupedSums) {
  const sxx = arm.preSumSquares - (arm.preSum * arm.preSum) / arm.n;
  const sxy = arm.sumCrossProducts - (arm.sum * arm.preSum) / arm.n;
  return { sxx, sxy };
}

function adjustedArm(arm: CupedSums, theta: number, pooledPreMean: number): SampleSummary {
  const varY = sampleVariance(arm.n, arm.sum, arm.sumSquares);
  const varX = sampleVariance(arm.n, arm.preSum, arm.preSumSquares);
  const covXY = sampleCovariance(arm.n, arm.sum, arm.preSum, arm.sumCrossProducts);
  return {
    n: arm.n,
    mean: arm.sum / arm.n - theta * (arm.preSum / arm.n - pooledPreMean),
    variance: Math.max(0, varY - 2 * theta * covXY + theta * theta * varX),
  };
}

/**
 * CUPED-adjusted summaries for one comparison (control and one variant).
 * The variance treats θ as known, which costs O(1/n) and is standard practice (Deng et al. §3.3).
 */
export function cupedAdjust(control: CupedSums, variant: CupedSums): Outcome<CupedResult> {
  if (control.n < 2 || variant.n < 2) return { ok: false, reason: "each arm needs at least 2 visitors" };
  const c = centred(control);
  const v = centred(variant);
  const sxx = c.sxx + v.sxx;
  if (!(sxx > 0))
    return { ok: false, reason: "the pre-experiment values are constant: nothing to adjust with" };
  const theta = (c.sxy + v.sxy) / sxx;
  const pooledPreMean = (control.preSum + variant.preSum) / (control.n + variant.n);
  const adjustedControl = adjustedArm(control, theta, pooledPreMean);
  const adjustedVariant = adjustedArm(variant, theta, pooledPreMean);
  const before =
    sampleVariance(control.n, control.sum, control.sumSquares) / control.n +
    sampleVariance(variant.n, variant.sum, variant.sumSquares) / variant.n;
  const after = adjustedControl.variance / control.n + adjustedVariant.variance / variant.n;
  return {
    ok: true,
    control: adjustedControl,
    variant: adjustedVariant,
    theta,
    varianceReduction: before > 0 ? 1 - after / before : 0,
  };
}
