/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", §3; Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value").
 * A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, v) across customers; the model is fitted
 * on repeat customers' mean repeat-purchase value m̄ and their number of repeat purchases x.
 */
import { bfgs, nelderMead, standardErrorsAt, type ValueAndGradient } from "./optimize.ts";
import { digamma, logGamma } from "./special-functions.ts";
import type { GammaGammaParams, Result } from "./types.ts";

/** What the model needs of a customer: repeat purchases and their mean value. */
export interface RepeatSpend {
  frequency: number;
  monetary: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  converged: boolean;
  /** Standard errors of ln p, ln q, ln v from the observed information; undefined if singular. */
  logParamStandardErrors?: number[];
  /** Customers used: those with at least one repeat purchase of positive value. */
  customers: number;
  /**
   * Pearson correlation of frequency and mean spend; the model assumes they are independent
   * (Fader & Hardie 2013, §2), so a value far from 0 is a warning.
   */
  frequencySpendCorrelation: number;
}

const LOG_PARAM_LIMIT = 25;

/** The repeat customers with a usable spend: x ≥ 1 and m̄ > 0. */
function usable(customers: ReadonlyArray<RepeatSpend>): RepeatSpend[] {
  return customers.filter((c) => c.frequency >= 1 && c.monetary > 0 && Number.isFinite(c.monetary));
}

/** Log-likelihood (note, eq. 3 summed over customers) and its gradient in ln p, ln q, ln v. */
function logLikelihoodAndGradient(
  params: GammaGammaParams,
  x: Float64Array,
  m: Float64Array,
  logM: Float64Array,
): ValueAndGradient {
  const { p, q, v } = params;
  const lgQ = logGamma(q);
  const psiQ = digamma(q);
  const logV = Math.log(v);
  let total = 0;
  let gP = 0;
  let gQ = 0;
  let gV = 0;
  // Customers are sorted by x, so the gamma functions of px and px+q are computed once per distinct x.
  let lastX = -1;
  let gammaPart = 0;
  let psiPQ = 0;
  let psiP = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const px = p * xi;
    if (xi !== lastX) {
      lastX = xi;
      gammaPart = logGamma(px + q) - logGamma(px) - lgQ + px * Math.log(xi);
      psiPQ = digamma(px + q);
      psiP = digamma(px);
    }
    const logSpend = Math.log(xi * m[i] + v);
    total += gammaPart + q * logV + (px - 1) * logM[i] - (px + q) * logSpend;
    gP += xi * (psiPQ - psiP + logM[i] + Math.log(xi) - logSpend);
    gQ += psiPQ - psiQ + logV - logSpend;
    gV += q / v - (px + q) / (xi * m[i] + v);
  }
  return { value: total, gradient: [gP * p, gQ * q, gV * v] };
}

/**
 * Fits Gamma-Gamma by maximum likelihood on the customers with repeat purchases (BFGS on log-parameters,
 * Nelder-Mead if BFGS stalls).
 * @example
 * const fit = fitGammaGamma(summaries); // CDNOW sample: p 6.25, q 3.74, v 15.44
 */
export function fitGammaGamma(customers: ReadonlyArray<RepeatSpend>): Result<GammaGammaFit> {
  const used = usable(customers).sort((u, w) => u.frequency - w.frequency);
  if (used.length < 2) return { ok: false, reason: "fewer than 2 customers with a repeat purchase" };
  const x = Float64Array.from(used, (c) => c.frequency);
  const m = Float64Array.from(used, (c) => c.monetary);
  const logM = m.map(Math.log);
  const mean = m.reduce((s, v) => s + v, 0) / m.length;
  if (m.every((v) => Math.abs(v - mean) <= 1e-12 * mean)) {
    return { ok: false, reason: "every repeat customer has the same mean spend: no spread to model" };
  }
  const negative = (lv: number[]): ValueAndGradient => {
    if (lv.some((u) => Math.abs(u) > LOG_PARAM_LIMIT)) return { value: Infinity, gradient: lv.map(() => 0) };
    const out = logLikelihoodAndGradient(
      { p: Math.exp(lv[0]), q: Math.exp(lv[1]), v: Math.exp(lv[2]) },
      x,
      m,
      logM,
    );
    return { value: -out.value, gradient: out.gradient.map((g) => -g) };
  };
  // Start at p = q = 2 (finite mean) with the scale matching the observed mean spend: E[M] = pv/(q-1).
  const start = [Math.log(2), Math.log(2), Math.log(mean / 2)];
  let best = bfgs(negative, start, { maxStep: 2 });
  if (!best.converged)
    best = bfgs(negative, nelderMead((lv) => negative(lv).value, best.x).x, { maxStep: 2 });
  if (!Number.isFinite(best.value)) return { ok: false, reason: "the likelihood could not be maximised" };
  return {
    ok: true,
    params: { p: Math.exp(best.x[0]), q: Math.exp(best.x[1]), v: Math.exp(best.x[2]) },
    logLikelihood: -best.value,
    converged: best.converged,
    logParamStandardErrors: standardErrorsAt(negative, best.x),
    customers: used.length,
    frequencySpendCorrelation: correlation(x, m),
  };
}

function correlation(u: Float64Array, w: Float64Array): number {
  const n = u.length;
  const mu = u.reduce((s, v) => s + v, 0) / n;
  const mw = w.reduce((s, v) => s + v, 0) / n;
  let suw = 0;
  let suu = 0;
  let sww = 0;
  for (let i = 0; i < n; i++) {
    suw += (u[i] - mu) * (w[i] - mw);
    suu += (u[i] - mu) ** 2;
    sww += (w[i] - mw) ** 2;
  }
  return suu > 0 && sww > 0 ? suw / Math.sqrt(suu * sww) : 0;
}

/**
 * E[M | x, m̄]: the expected value of a customer's future transactions (note, eq. 5), a weighted mean of
 * the population mean pv/(q-1) and the customer's own m̄. A customer without repeat purchases gets the
 * population mean.
 */
export function expectedSpend(params: GammaGammaParams, c: RepeatSpend): Result<{ value: number }> {
  const { p, q, v } = params;
  const x = c.frequency >= 1 && c.monetary > 0 ? c.frequency : 0;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return { ok: false, reason: "q ≤ 1: the expected spend is infinite" };
  const value = (p * (v + x * (x > 0 ? c.monetary : 0))) / denominator;
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: "expected spend is not finite" };
}
