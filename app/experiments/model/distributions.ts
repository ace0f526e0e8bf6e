/**
 * Normal, Student t and chi-square distributions: CDFs, upper tails and quantiles.
 *
 * Every tail function returns the small tail directly (never 1 − something) so that p-values keep their
 * relative accuracy far into the tails, and quantiles are refined by Newton steps on the log of that
 * tail, which stays well conditioned where the density is tiny.
 */
import { incompleteBeta, incompleteGamma, logBeta, logGamma, type Tails } from "./special-functions.ts";

const INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
const TINY = 1e-300;

/** Standard normal density. */
export function normalPdf(z: number): number {
  return INV_SQRT_TWO_PI * Math.exp(-0.5 * z * z);
}

/**
 * Upper tail Q(z) = 1 − Φ(z) for z ≥ 2.5 from the Laplace continued fraction of Mills' ratio,
 * Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))) (A&S 26.2.14), evaluated by modified Lentz.
 */
function normalUpperTailFraction(z: number): number {
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    d = z + n * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = z + n / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return normalPdf(z) / f;
}

/**
 * Φ(z) − ½ for |z| < 2.5 from the series φ(z) (z + z³/3 + z⁵/(3·5) + …) (A&S 26.2.10), whose terms
 * are all of one sign, so nothing cancels.
 */
function normalCentralPart(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 500; n++) {
    term *= z2 / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return normalPdf(z) * sum;
}

/** Both tails of the standard normal at z. */
export function normalTails(z: number): Tails {
  if (Number.isNaN(z)) return { lower: Number.NaN, upper: Number.NaN };
  if (z >= 2.5) {
    const upper = z === Infinity ? 0 : normalUpperTailFraction(z);
    return { lower: 1 - upper, upper };
  }
  if (z <= -2.5) {
    const lower = z === -Infinity ? 0 : normalUpperTailFraction(-z);
    return { lower, upper: 1 - lower };
  }
  const central = normalCentralPart(z);
  return { lower: 0.5 + central, upper: 0.5 - central };
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return normalTails(z).lower;
}

/** Standard normal upper tail 1 − Φ(z), accurate when it is tiny. */
export function normalSf(z: number): number {
  return normalTails(z).upper;
}

/**
 * Newton's method on an increasing function, kept inside a shrinking bracket (bisection when a step
 * leaves it), so a poor start in a heavy tail cannot diverge.
 */
function solveIncreasing(
  evaluate: (x: number) => { value: number; slope: number },
  start: number,
  lowerBound: number,
  upperBound: number,
): number {
  let lo = lowerBound;
  let hi = upperBound;
  let x = start;
  for (let i = 0; i < 200; i++) {
    const { value, slope } = evaluate(x);
    if (value === 0) return x;
    if (value > 0) hi = x;
    else lo = x;
    const step = value / slope;
    // Newton converges quadratically: once a step is below 1e-11·|x| the error after it is ~1e-22·|x|.
    // (Waiting for a smaller step would chase the rounding noise of the tail function.)
    if (Math.abs(step) <= 1e-11 * Math.abs(x)) return x - step;
    let next = x - step;
    if (!Number.isFinite(next) || next <= lo || next >= hi) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
      else if (Number.isFinite(hi)) next = hi - Math.max(1, Math.abs(hi));
      else next = lo + Math.max(1, Math.abs(lo));
    }
    if (next === x) return x;
    x = next;
  }
  return x;
}

/** Abramowitz & Stegun 26.2.23: a start for the lower-tail quantile, p ≤ ½, error below 4.5e-4. */
function normalQuantileStart(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  const numerator = 2.515517 + t * (0.802853 + t * 0.010328);
  const denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308));
  return -(t - numerator / denominator);
}

/** The z with Φ(z) = p (lower-tail quantile); p in [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  if (p === 0.5) return 0;
  const logP = Math.log(p);
  return solveIncreasing(
    (z) => {
      const lower = normalTails(z).lower;
      return { value: Math.log(lower) - logP, slope: normalPdf(z) / lower };
    },
    normalQuantileStart(p),
    -Infinity,
    0,
  );
}

/** The z with 1 − Φ(z) = q: use it for critical values so a tiny q keeps its digits. */
export function normalUpperQuantile(q: number): number {
  if (q > 0.5) return normalQuantile(1 - q);
  return -normalQuantile(q);
}

/** Both tails of Student's t with ν degrees of freedom (ν may be fractional, as Welch's is). */
export function studentTTails(t: number, degreesOfFreedom: number): Tails {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return { lower: Number.NaN, upper: Number.NaN };
  if (degreesOfFreedom === Infinity) return normalTails(t);
  if (t === 0) return { lower: 0.5, upper: 0.5 };
  if (!Number.isFinite(t)) return t > 0 ? { lower: 1, upper: 0 } : { lower: 0, upper: 1 };
  const t2 = t * t;
  // P(|T| > |t|) = I_x(ν/2, ½) with x = ν/(ν + t²) (A&S 26.7.1), both x and 1 − x formed exactly.
  const denominator = degreesOfFreedom + t2;
  const twoSided = incompleteBeta(
    degreesOfFreedom / denominator,
    degreesOfFreedom / 2,
    0.5,
    t2 / denominator,
  );
  const tail = 0.5 * twoSided.lower;
  const body = 0.5 + 0.5 * twoSided.upper;
  return t > 0 ? { lower: body, upper: tail } : { lower: tail, upper: body };
}

/** Student's t CDF. */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  return studentTTails(t, degreesOfFreedom).lower;
}

/** Student's t upper tail P(T > t). */
export function studentTSf(t: number, degreesOfFreedom: number): number {
  return studentTTails(t, degreesOfFreedom).upper;
}

/** Student's t density. */
export function studentTPdf(t: number, degreesOfFreedom: number): number {
  if (degreesOfFreedom === Infinity) return normalPdf(t);
  const logDensity =
    -0.5 * Math.log(degreesOfFreedom) -
    logBeta(degreesOfFreedom / 2, 0.5) -
    ((degreesOfFreedom + 1) / 2) * Math.log1p((t * t) / degreesOfFreedom);
  return Math.exp(logDensity);
}

/** The t with P(T ≤ t) = p. */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p >= 0 && p <= 1) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (degreesOfFreedom === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -studentTQuantile(1 - p, degreesOfFreedom);
  // Cauchy: tan(π(p − ½)) = −1/tan(πp), the second form keeps the digits of a tiny p.
  if (degreesOfFreedom === 1) return -1 / Math.tan(Math.PI * p);
  if (degreesOfFreedom === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // Start from the Cornish–Fisher expansion around the normal quantile (Hill 1970, A&S 26.7.5).
  const z = normalQuantile(p);
  const z2 = z * z;
  const nu = degreesOfFreedom;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * (3 + z2 * (16 + 5 * z2))) / 96;
  const g3 = (z * (-15 + z2 * (17 + z2 * (19 + 3 * z2)))) / 384;
  const start = Math.min(z + g1 / nu + g2 / (nu * nu) + g3 / (nu * nu * nu), -1e-300);
  const logP = Math.log(p);
  return solveIncreasing(
    (t) => {
      const lower = studentTTails(t, nu).lower;
      return { value: Math.log(lower) - logP, slope: studentTPdf(t, nu) / lower };
    },
    start,
    -Infinity,
    0,
  );
}

/** The t with P(T > t) = q. */
export function studentTUpperQuantile(q: number, degreesOfFreedom: number): number {
  if (q > 0.5) return studentTQuantile(1 - q, degreesOfFreedom);
  return -studentTQuantile(q, degreesOfFreedom);
}

/** Both tails of the chi-square distribution with k degrees of freedom. */
export function chiSquareTails(x: number, degreesOfFreedom: number): Tails {
  if (Number.isNaN(x) || !(degreesOfFreedom > 0)) return { lower: Number.NaN, upper: Number.NaN };
  return incompleteGamma(degreesOfFreedom / 2, Math.max(0, x) / 2);
}

/** Chi-square CDF. */
export function chiSquareCdf(x: number, degreesOfFreedom: number): number {
  return chiSquareTails(x, degreesOfFreedom).lower;
}

/** Chi-square upper tail P(X > x): the p-value of a chi-square statistic. */
export function chiSquareSf(x: number, degreesOfFreedom: number): number {
  return chiSquareTails(x, degreesOfFreedom).upper;
}

/** Chi-square density. */
export function chiSquarePdf(x: number, degreesOfFreedom: number): number {
  if (x <= 0) return degreesOfFreedom === 2 ? 0.5 : degreesOfFreedom < 2 ? Infinity : 0;
  const k = degreesOfFreedom / 2;
  return Math.exp((k - 1) * Math.log(x) - x / 2 - k * Math.LN2 - logGamma(k));
}

/** The x with P(X ≤ x) = p for a chi-square with k degrees of freedom. */
export function chiSquareQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p >= 0 && p <= 1) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (p > 0.5) return chiSquareUpperQuantile(1 - p, degreesOfFreedom);
  return solveChiSquare(p, false, degreesOfFreedom);
}

/** The x with P(X > x) = q: critical values for small q keep their digits. */
export function chiSquareUpperQuantile(q: number, degreesOfFreedom: number): number {
  if (!(q >= 0 && q <= 1) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (q > 0.5) return chiSquareQuantile(1 - q, degreesOfFreedom);
  return solveChiSquare(q, true, degreesOfFreedom);
}

function solveChiSquare(tail: number, upper: boolean, k: number): number {
  if (tail === 0) return upper ? Infinity : 0;
  // Wilson–Hilferty start (A&S 26.4.17); solve in log x so the bracket (0, ∞) maps to the whole line.
  const z = upper ? normalUpperQuantile(tail) : normalQuantile(tail);
  const cube = 1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k));
  const start = cube > 0.05 ? k * cube * cube * cube : Math.max(1e-300, k * 0.05 ** 3 * tail);
  const logTarget = Math.log(tail);
  const logX = solveIncreasing(
    (u) => {
      const x = Math.exp(u);
      const tails = chiSquareTails(x, k);
      const density = chiSquarePdf(x, k) * x;
      // Both are increasing in u: log P(x) rises and −log Q(x) rises.
      return upper
        ? { value: logTarget - Math.log(tails.upper), slope: density / tails.upper }
        : { value: Math.log(tails.lower) - logTarget, slope: density / tails.lower };
    },
    Math.log(start),
    -Infinity,
    Infinity,
  );
  return Math.exp(logX);
}
