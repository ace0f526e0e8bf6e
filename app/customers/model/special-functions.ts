/**
 * Special functions for the customer models: log-gamma, digamma and the Gauss hypergeometric function
 * 2F1 evaluated with a rescaled series so that heavy buyers (large x) neither overflow nor lose precision.
 */
import type { Result } from "./types.ts";

// Lanczos approximation, g = 7, n = 9 (Press et al., Numerical Recipes 3rd ed. §6.1); about 15 digits.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Natural log of |Γ(x)|; Infinity at the poles (0, -1, -2, ...). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1-x) = π / sin(πx).
    const s = Math.sin(Math.PI * x);
    if (s === 0) return Infinity;
    return Math.log(Math.PI / Math.abs(s)) - logGamma(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Digamma ψ(x) = d/dx ln Γ(x), by recurrence up to x ≥ 10 and the asymptotic series (Abramowitz & Stegun 6.3.18). */
export function digamma(x: number): number {
  if (x <= 0 && Number.isInteger(x)) return NaN;
  let result = 0;
  if (x < 0.5) {
    // Reflection: ψ(1-x) - ψ(x) = π cot(πx).
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (
    result +
    Math.log(x) -
    0.5 * inv -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))))
  );
}

/** ln B(a, b) for positive a, b. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(e^u + e^w) without overflow. */
export function logAddExp(u: number, w: number): number {
  if (u === -Infinity) return w;
  if (w === -Infinity) return u;
  return u > w ? u + Math.log1p(Math.exp(w - u)) : w + Math.log1p(Math.exp(u - w));
}

/** The logistic function 1 / (1 + e^-u), stable for large |u|. */
export function logistic(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

/** A value written as sign · e^logAbs, so that it can exceed the range of a double. */
export interface SignedLog {
  logAbs: number;
  sign: 1 | -1 | 0;
}

const RESCALE = 1e200;
const LOG_RESCALE = Math.log(RESCALE);
const MAX_TERMS = 1_000_000;

/**
 * Sums the power series of 2F1(a, b; c; z) for 0 ≤ z < 1, keeping the running sum below 1e200 by moving a
 * power of ten into a log offset: the terms of a heavy buyer's series grow past 1e308 before they fall.
 */
function hyp2f1Series(a: number, b: number, c: number, z: number): Result<SignedLog> {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    if (Math.abs(sum) > RESCALE || Math.abs(term) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Past the peak (|ratio| < 1) the remaining tail is below |term| / (1 - |ratio|).
    if (
      term === 0 ||
      (Math.abs(ratio) < 1 && Math.abs(term) <= 1e-17 * Math.abs(sum) * (1 - Math.abs(ratio)))
    ) {
      if (!Number.isFinite(sum)) return { ok: false, reason: "2F1 series did not stay finite" };
      const sign = sum > 0 ? 1 : sum < 0 ? -1 : 0;
      return { ok: true, logAbs: Math.log(Math.abs(sum)) + logScale, sign };
    }
  }
  return { ok: false, reason: `2F1 series did not converge in ${MAX_TERMS} terms` };
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for z < 1, as sign and log of its absolute value.
 * For z < 0 Pfaff's transformation maps the argument into [0, 1); for 0 ≤ z < 1 Euler's transformation
 * 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z) is used when it shrinks the numerator parameters,
 * which is what makes the BG/NBD conditional expectation cheap for heavy buyers (Abramowitz & Stegun 15.3.3-4).
 * @example
 * const h = logHyp2f1(2.243, 4.426, 5.219, 0.5011); // { ok: true, logAbs: 1.28899, sign: 1 }
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): Result<SignedLog> {
  if (![a, b, c, z].every(Number.isFinite)) return { ok: false, reason: "2F1 needs finite arguments" };
  if (c <= 0 && Number.isInteger(c)) return { ok: false, reason: "2F1 is undefined for c = 0, -1, -2, ..." };
  if (z >= 1) return { ok: false, reason: "2F1 is evaluated only for z < 1" };
  if (z < 0) {
    // Pfaff (A&S 15.3.4): 2F1(a,b;c;z) = (1-z)^(-a) 2F1(a, c-b; c; z/(z-1)), and z/(z-1) is in (0, 1).
    const inner = logHyp2f1(a, c - b, c, z / (z - 1));
    if (!inner.ok) return inner;
    return { ok: true, logAbs: inner.logAbs - a * Math.log1p(-z), sign: inner.sign };
  }
  if (Math.abs(c - a) + Math.abs(c - b) < Math.abs(a) + Math.abs(b)) {
    const inner = hyp2f1Series(c - a, c - b, c, z);
    if (!inner.ok) return inner;
    return { ok: true, logAbs: inner.logAbs + (c - a - b) * Math.log1p(-z), sign: inner.sign };
  }
  return hyp2f1Series(a, b, c, z);
}
