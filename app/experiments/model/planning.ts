/**
 * Planning: the smallest effect an experiment can detect with the traffic it gets, and how many days it
 * needs to detect a given effect. Normal approximation of the two-sample test with known variance, the
 * model of statsmodels' `NormalIndPower`: for a difference δ with standard error s,
 *   two-sided power = Φ(δ/s − z₁₋α/₂) + Φ(−δ/s − z₁₋α/₂),   one-sided power = Φ(δ/s − z₁₋α).
 * These plans are for the fixed-horizon test; a sequential test needs more traffic for the same power.
 */
import { normalCdf, normalPdf, normalUpperQuantile } from "./distributions.ts";
import type { Outcome } from "./types.ts";

/** Common options of the planning functions. */
export interface PowerOptions {
  alpha: number;
  /** Target probability of a significant result when the effect is real, e.g. 0.8. */
  power: number;
  /** One-sided plans look for an improvement only. */
  sided: "two-sided" | "one-sided";
}

function checkOptions(options: PowerOptions): string | null {
  if (!(options.alpha > 0 && options.alpha < 1)) return "alpha must lie strictly between 0 and 1";
  if (!(options.power > options.alpha && options.power < 1)) return "power must lie between alpha and 1";
  return null;
}

/**
 * k = δ/s at which the test reaches the target power: the MDE in standard errors. Solved by Newton's
 * method from the textbook value z₁₋α/₂ + z_power, which ignores the (tiny) opposite rejection region.
 */
export function standardisedDetectableEffect(options: PowerOptions): number {
  const twoSided = options.sided === "two-sided";
  const critical = normalUpperQuantile(twoSided ? options.alpha / 2 : options.alpha);
  let k = critical + normalUpperQuantile(1 - options.power);
  if (!twoSided) return k;
  for (let i = 0; i < 50; i++) {
    const value = normalCdf(k - critical) + normalCdf(-k - critical) - options.power;
    const slope = normalPdf(k - critical) - normalPdf(-k - critical);
    const step = value / slope;
    k -= step;
    if (Math.abs(step) < 1e-15 * k) break;
  }
  return k;
}

/** What the minimum detectable effect is computed from. */
export interface DetectableEffectInput extends PowerOptions {
  /** Visitors in [control, variant]. */
  visitors: [number, number];
  /** Per-visitor variance of the metric (p(1 − p) for a conversion rate). */
  variance: number;
  /** The control's mean, to express the MDE as a relative lift too. */
  baselineMean?: number;
}

/**
 * The smallest absolute (and relative) difference detected with the target power.
 * @example minimumDetectableEffect({ visitors: [5000, 5000], variance: 0.0827, alpha: 0.05, power: 0.8,
 *   sided: "two-sided", baselineMean: 0.091 })
 */
export function minimumDetectableEffect(
  input: DetectableEffectInput,
): Outcome<{ absolute: number; relative: number | null }> {
  const problem = checkOptions(input);
  if (problem) return { ok: false, reason: problem };
  const [nControl, nVariant] = input.visitors;
  if (!(nControl > 0 && nVariant > 0)) return { ok: false, reason: "both arms need visitors" };
  if (!(input.variance > 0)) return { ok: false, reason: "the metric's variance must be positive" };
  const standardError = Math.sqrt(input.variance * (1 / nControl + 1 / nVariant));
  const absolute = standardisedDetectableEffect(input) * standardError;
  const relative = input.baselineMean ? absolute / Math.abs(input.baselineMean) : null;
  return { ok: true, absolute, relative };
}

/** What the experiment length is computed from. */
export interface DurationInput extends PowerOptions {
  /** Visitors per day entering the experiment (all arms). */
  dailyVisitors: number;
  /** Shares of those daily visitors in [control, variant], e.g. [0.5, 0.5] or [0.2, 0.2] of five arms. */
  shares: [number, number];
  variance: number;
  /** The absolute difference to detect. */
  effect: number;
}

/**
 * Days until the target effect is detected with the target power: solve s(d) = |effect|/k for
 * s(d)² = σ² (1/(share_c V d) + 1/(share_v V d)).
 */
export function daysNeeded(
  input: DurationInput,
): Outcome<{ days: number; exactDays: number; visitors: [number, number] }> {
  const problem = checkOptions(input);
  if (problem) return { ok: false, reason: problem };
  const [shareControl, shareVariant] = input.shares;
  if (!(shareControl > 0 && shareVariant > 0))
    return { ok: false, reason: "both arms need a share of traffic" };
  if (!(input.dailyVisitors > 0)) return { ok: false, reason: "no daily visitors" };
  if (!(input.variance > 0)) return { ok: false, reason: "the metric's variance must be positive" };
  if (input.effect === 0) return { ok: false, reason: "an effect of zero can never be detected" };
  const k = standardisedDetectableEffect(input);
  const targetVariance = (input.effect / k) ** 2;
  const exactDays =
    (input.variance * (1 / shareControl + 1 / shareVariant)) / (input.dailyVisitors * targetVariance);
  const days = Math.ceil(exactDays - 1e-9);
  return {
    ok: true,
    days,
    exactDays,
    visitors: [
      shareControl * input.dailyVisitors * exactDays,
      shareVariant * input.dailyVisitors * exactDays,
    ],
  };
}
