/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way",
 * Marketing Science 24(2)): while active a customer buys at Poisson rate λ ~ Gamma(r, α); after each
 * purchase they drop out with probability p ~ Beta(a, b). Equation numbers below are the paper's.
 */
import { bfgs, nelderMead, standardErrorsAt, type ValueAndGradient } from "./optimize.ts";
import { logAddExp, logHyp2f1, logistic } from "./special-functions.ts";
import type { BgNbdParams, FrequencyRecency, Result } from "./types.ts";

/** Customers' (x, t_x, T) in columns, with x indexed into the table of its distinct values. */
interface Columns {
  n: number;
  recency: Float64Array;
  T: Float64Array;
  /** Index of each customer's frequency in `distinctFrequencies`. */
  frequencyIndex: Int32Array;
  distinctFrequencies: number[];
  /** Indices into `distinctFrequencies` in increasing order of frequency. */
  frequencyOrder: number[];
}

function toColumns(customers: ReadonlyArray<FrequencyRecency>): Result<{ columns: Columns }> {
  const n = customers.length;
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const frequencyIndex = new Int32Array(n);
  const slot = new Map<number, number>();
  const distinctFrequencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    const { frequency: x, recency: tx } = c;
    if (!Number.isInteger(x) || x < 0)
      return { ok: false, reason: `customer ${i}: frequency must be a whole number ≥ 0` };
    if (!(tx >= 0 && c.T >= tx && Number.isFinite(c.T))) {
      return { ok: false, reason: `customer ${i}: need 0 ≤ recency ≤ T` };
    }
    if (x > 0 && tx <= 0) return { ok: false, reason: `customer ${i}: repeat purchases need a recency > 0` };
    let k = slot.get(x);
    if (k === undefined) {
      k = distinctFrequencies.length;
      slot.set(x, k);
      distinctFrequencies.push(x);
    }
    frequencyIndex[i] = k;
    recency[i] = tx;
    T[i] = c.T;
  }
  const frequencyOrder = distinctFrequencies
    .map((_, k) => k)
    .sort((u, w) => distinctFrequencies[u] - distinctFrequencies[w]);
  return {
    ok: true,
    columns: { n, recency, T, frequencyIndex, distinctFrequencies, frequencyOrder },
  };
}

/**
 * Total log-likelihood (eq. 6, split into ln A1..A4 as in Fader, Hardie & Lee's note "Implementing the
 * BG/NBD Model for Customer Base Analysis in Excel") and its gradient with respect to ln r, ln α, ln a, ln b.
 */
function logLikelihoodAndGradient(p: BgNbdParams, c: Columns, withGradient: boolean): ValueAndGradient {
  const { r, alpha, a, b } = p;
  const m = c.distinctFrequencies.length;
  // Terms that depend only on x: computed once per distinct frequency, not once per customer.
  const constPart = new Float64Array(m); // ln A1 + ln A2 without the α-dependent r ln α
  const logA4Const = new Float64Array(m);
  const dConstR = new Float64Array(m);
  const dConstA = new Float64Array(m);
  const dConstB = new Float64Array(m);
  // ln Γ(r+x) - ln Γ(r) = Σ_{j<x} ln(r+j) for whole x, and likewise for b and a+b: summing the logs keeps
  // full precision when a parameter is huge, where a difference of two log-gammas would cancel.
  let sumLogR = 0;
  let sumLogB = 0;
  let sumLogAB = 0;
  let sumInvR = 0;
  let sumInvB = 0;
  let sumInvAB = 0;
  let j = 0;
  for (const k of c.frequencyOrder) {
    const x = c.distinctFrequencies[k];
    for (; j < x; j++) {
      sumLogR += Math.log(r + j);
      sumLogB += Math.log(b + j);
      sumLogAB += Math.log(a + b + j);
      if (withGradient) {
        sumInvR += 1 / (r + j);
        sumInvB += 1 / (b + j);
        sumInvAB += 1 / (a + b + j);
      }
    }
    constPart[k] = sumLogR + sumLogB - sumLogAB;
    logA4Const[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    dConstR[k] = sumInvR;
    dConstA[k] = -sumInvAB;
    dConstB[k] = sumInvB - sumInvAB;
  }
  const logAlpha = Math.log(alpha);
  let total = 0;
  let gR = 0;
  let gAlpha = 0;
  let gA = 0;
  let gB = 0;
  for (let i = 0; i < c.n; i++) {
    const k = c.frequencyIndex[i];
    const x = c.distinctFrequencies[k];
    const rx = r + x;
    const logAT = Math.log(alpha + c.T[i]);
    const logA3 = -rx * logAT;
    let ll = constPart[k] + r * logAlpha;
    if (x === 0) {
      ll += logA3;
      if (withGradient) {
        gR += dConstR[k] + logAlpha - logAT;
        gAlpha += r / alpha - rx / (alpha + c.T[i]);
        gA += dConstA[k];
        gB += dConstB[k];
      }
    } else {
      const logATx = Math.log(alpha + c.recency[i]);
      const logA4 = logA4Const[k] - rx * logATx;
      const mix = logAddExp(logA3, logA4);
      ll += mix;
      if (withGradient) {
        const w = Math.exp(logA4 - mix); // share of the "dropped out after the last purchase" term
        gR += dConstR[k] + logAlpha - (1 - w) * logAT - w * logATx;
        gAlpha += r / alpha - (1 - w) * (rx / (alpha + c.T[i])) - w * (rx / (alpha + c.recency[i]));
        gA += dConstA[k] + w / a;
        gB += dConstB[k] - w / (b + x - 1);
      }
    }
    total += ll;
  }
  return { value: total, gradient: [gR * r, gAlpha * alpha, gA * a, gB * b] };
}

/** Sum of the BG/NBD log-likelihood over customers (eq. 6). */
export function bgnbdLogLikelihood(params: BgNbdParams, customers: ReadonlyArray<FrequencyRecency>): number {
  const cols = toColumns(customers);
  if (!cols.ok) return -Infinity;
  return logLikelihoodAndGradient(params, cols.columns, false).value;
}

export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  converged: boolean;
  /** Standard errors of ln r, ln α, ln a, ln b from the observed information; undefined if singular. */
  logParamStandardErrors?: number[];
  customers: number;
  repeatCustomers: number;
}

const LOG_PARAM_LIMIT = 25;

const fromLog = (v: number[]): BgNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  a: Math.exp(v[2]),
  b: Math.exp(v[3]),
});

/**
 * Fits the BG/NBD model by maximum likelihood: BFGS on the log-parameters with the analytic gradient,
 * then Nelder-Mead and BFGS again if the first pass did not converge.
 * @example
 * const fit = fitBgNbd(summaries); // CDNOW sample in weeks: r 0.243, α 4.414, a 0.793, b 2.426
 */
export function fitBgNbd(customers: ReadonlyArray<FrequencyRecency>): Result<BgNbdFit> {
  if (customers.length === 0) return { ok: false, reason: "no customers to fit" };
  const cols = toColumns(customers);
  if (!cols.ok) return cols;
  const c = cols.columns;
  let repeatCustomers = 0;
  let totalRepeat = 0;
  let totalT = 0;
  for (let i = 0; i < c.n; i++) {
    const x = c.distinctFrequencies[c.frequencyIndex[i]];
    if (x > 0) repeatCustomers++;
    totalRepeat += x;
    totalT += c.T[i];
  }
  // Without any repeat purchase the dropout process (a, b) is not identified and the rate has no scale.
  if (repeatCustomers === 0) return { ok: false, reason: "no customer has a repeat purchase" };
  if (totalT <= 0) return { ok: false, reason: "all customers are new as of the as-of date" };
  const negative = (v: number[]): ValueAndGradient => {
    // Keep the search inside e^±25: beyond it the likelihood is flat to double precision.
    if (v.some((u) => Math.abs(u) > LOG_PARAM_LIMIT)) return { value: Infinity, gradient: v.map(() => 0) };
    const out = logLikelihoodAndGradient(fromLog(v), c, true);
    return { value: -out.value, gradient: out.gradient.map((g) => -g) };
  };
  // Start from a unit-free guess: r = 1 and α so that the prior mean rate r/α matches the pooled rate.
  const start = [0, Math.log(totalT / totalRepeat), 0, 0];
  let best = bfgs(negative, start, { maxStep: 2 });
  if (!best.converged) {
    const simplex = nelderMead((v) => negative(v).value, best.x);
    best = bfgs(negative, simplex.x, { maxStep: 2 });
  }
  if (!Number.isFinite(best.value)) return { ok: false, reason: "the likelihood could not be maximised" };
  const params = fromLog(best.x);
  if (![params.r, params.alpha, params.a, params.b].every((v) => Number.isFinite(v) && v > 0)) {
    return { ok: false, reason: "the fitted parameters left the valid range" };
  }
  return {
    ok: true,
    params,
    logLikelihood: -best.value,
    converged: best.converged,
    logParamStandardErrors: standardErrorsAt(negative, best.x),
    customers: c.n,
    repeatCustomers,
  };
}

/** ln of the odds that the customer dropped out after their last purchase (eq. 13's denominator term). */
function logDropoutOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return -Infinity;
  return Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/**
 * P(alive | x, t_x, T) (eq. 13; 1 for a customer without repeat purchases, since BG/NBD dropout happens
 * only right after a purchase). Computed as a logistic of log-odds, so heavy buyers do not overflow.
 */
export function probabilityAlive(p: BgNbdParams, c: FrequencyRecency): number {
  return logistic(-logDropoutOdds(p, c.frequency, c.recency, c.T));
}

// The formulas divide by (a - 1); a = 1 is a removable singularity, so step just off it.
function awayFromOne(a: number): number {
  return Math.abs(a - 1) < 1e-7 ? 1 + 1e-7 : a;
}

/**
 * E[Y(t) | x, t_x, T], the expected number of purchases in the next t periods (eq. 10), with the
 * hypergeometric term in log space.
 */
export function conditionalExpectedPurchases(
  p: BgNbdParams,
  c: FrequencyRecency,
  t: number,
): Result<{ value: number }> {
  if (!(t >= 0)) return { ok: false, reason: "the horizon must be ≥ 0" };
  if (t === 0) return { ok: true, value: 0 };
  const { r, alpha, b } = p;
  const a = awayFromOne(p.a);
  const { frequency: x, recency: tx, T } = c;
  const z = t / (alpha + T + t);
  const h = logHyp2f1(r + x, b + x, a + b + x - 1, z);
  if (!h.ok) return h;
  // ((α+T)/(α+T+t))^(r+x) · 2F1, in logs: (r+x) ln(1 - z) + ln 2F1.
  const logProduct = (r + x) * Math.log1p(-z) + h.logAbs;
  // 1 - sign · e^logProduct; expm1 keeps the digits when the product is close to 1.
  const bracket = h.sign > 0 ? -Math.expm1(logProduct) : 1 - h.sign * Math.exp(logProduct);
  const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
  const value = numerator / Math.exp(logAddExp(0, logDropoutOdds({ ...p, a }, x, tx, T)));
  if (!Number.isFinite(value)) return { ok: false, reason: "expected purchases are not finite" };
  return { ok: true, value: Math.max(0, value) };
}

/** E[X(t)], the expected purchases in a period of length t for a randomly chosen new customer (eq. 9). */
export function expectedPurchasesNewCustomer(p: BgNbdParams, t: number): Result<{ value: number }> {
  if (!(t >= 0)) return { ok: false, reason: "the horizon must be ≥ 0" };
  if (t === 0) return { ok: true, value: 0 };
  const a = awayFromOne(p.a);
  const h = logHyp2f1(p.r, p.b, a + p.b - 1, t / (p.alpha + t));
  if (!h.ok) return h;
  const logProduct = p.r * Math.log(p.alpha / (p.alpha + t)) + h.logAbs;
  // 1 - sign · e^logProduct; expm1 keeps the digits when the product is close to 1.
  const bracket = h.sign > 0 ? -Math.expm1(logProduct) : 1 - h.sign * Math.exp(logProduct);
  const value = ((a + p.b - 1) / (a - 1)) * bracket;
  return Number.isFinite(value)
    ? { ok: true, value }
    : { ok: false, reason: "expected purchases are not finite" };
}

/**
 * Waiting time to the next purchase of a customer who is still active: their rate is Gamma(r + x, α + T)
 * given the history, so the wait is Lomax with survival ((α+T)/(α+T+w))^(r+x). The mean exists only when
 * r + x > 1; the median always does.
 */
export function nextPurchaseWait(
  p: BgNbdParams,
  c: FrequencyRecency,
): { mean: number | null; median: number } {
  const shape = p.r + c.frequency;
  const scale = p.alpha + c.T;
  return {
    mean: shape > 1 ? scale / (shape - 1) : null,
    median: scale * Math.expm1(Math.LN2 / shape),
  };
}
