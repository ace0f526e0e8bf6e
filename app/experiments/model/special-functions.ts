/**
 * Special functions behind the distributions: log-gamma, log-beta and the regularised incomplete gamma
 * and beta functions. Written for relative accuracy in the tails, because p-values of 1e-12 and SRM
 * p-values far below 0.001 must still be right, not rounded to 0 or 1.
 *
 * Methods (standard, re-derived here): Stirling's series with the Bernoulli-number correction for log Γ
 * (Abramowitz & Stegun 6.1.40), the power series / continued fraction pair for the incomplete gamma
 * (A&S 6.5.29 and 6.5.31) and Lentz's evaluation of the incomplete-beta continued fraction (A&S 26.5.8).
 */

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/**
 * Stirling's correction δ(x) = log Γ(x) − [(x − ½) log x − x + ½ log 2π], valid for x ≥ 10, where the
 * first omitted term (B16 / (16·15·x^15)) is below 3e-17. Keeping δ separate lets log-beta of large
 * arguments avoid subtracting two huge log-gammas (the trick of R's lgammacor).
 */
export function stirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  // Coefficients B_2k / (2k (2k − 1)), k = 1..7.
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))))
  );
}

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + stirlingCorrection(x);
  // Shift up with Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)) until Stirling's series is exact to 1e-16.
  let product = 1;
  let shifted = x;
  while (shifted < 10) {
    product *= shifted;
    shifted += 1;
  }
  return logGamma(shifted) - Math.log(product);
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), without cancellation when a or b is large. */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (small >= 10) {
    // (a − ½)log a + (b − ½)log b − (a + b − ½)log(a + b), regrouped so no two terms of size b·log b
    // (1e7 for b = 1e6) are subtracted: (a − ½)log(a/(a + b)) − (b − ½)log1p(a/b) − ½ log(a + b).
    const total = small + large;
    return (
      HALF_LOG_TWO_PI +
      (small - 0.5) * Math.log(small / total) -
      (large - 0.5) * Math.log1p(small / large) -
      0.5 * Math.log(total) +
      stirlingCorrection(small) +
      stirlingCorrection(large) -
      stirlingCorrection(total)
    );
  }
  if (large >= 10) {
    // log Γ(large) − log Γ(large + small), expanded so no two large numbers are subtracted.
    const ratio =
      stirlingCorrection(large) -
      stirlingCorrection(large + small) -
      (large - 0.5) * Math.log1p(small / large) -
      small * Math.log(large + small) +
      small;
    return logGamma(small) + ratio;
  }
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Both tails of a probability, each computed without subtracting from 1 where it is the small one. */
export interface Tails {
  lower: number;
  upper: number;
}

/**
 * Regularised incomplete gamma P(a, x) (lower) and Q(a, x) (upper), a > 0, x ≥ 0.
 * The series converges fast for x < a + 1 and gives P accurately; the continued fraction for x ≥ a + 1
 * gives Q accurately, which is the small upper tail of a chi-square statistic.
 */
export function incompleteGamma(a: number, x: number): Tails {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (!Number.isFinite(x)) return { lower: 1, upper: 0 };
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    const lower = Math.exp(logPrefactor) * sum;
    return { lower, upper: 1 - lower };
  }
  // Modified Lentz on Q = e^{-x} x^a / Γ(a) · 1/(x + 1 − a − 1(1 − a)/(x + 3 − a − 2(2 − a)/(x + 5 − a − …))).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  const upper = Math.exp(logPrefactor) * fraction;
  return { lower: 1 - upper, upper };
}

/**
 * The continued fraction F = 1 + d₁/(1 + d₂/(1 + …)) of I_x(a, b) = x^a (1 − x)^b / (a B(a, b) F)
 * (A&S 26.5.8), d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)), d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m));
 * it converges quickly when x < (a + 1)/(a + b + 2).
 *
 * For the t distribution with a large Welch df (a = ν/2 huge, b = ½, x = ν/(ν + t²) next to 1) every
 * 1 + d_{2m+1} is a difference of two numbers near 1, and plain Lentz loses up to ten digits (1e-10 at
 * ν = 3·10⁶). So the steps go in pairs: the even step is plain (d_{2m} is tiny) and yields C − 1 and D − 1
 * accurately; the odd step is rewritten around e = 1 + d_{2m+1}, formed from the exact 1 − x. Carrying
 * C − 1 across every step instead (tried first) couples errors from step to step and is unstable.
 */
function betaContinuedFraction(x: number, oneMinusX: number, a: number, b: number): number {
  // 1 + d_{2m+1} = [a(2m + 1 − b) + 3m² + m(2 − b) + (a + m)(a + b + m)(1 − x)] / ((a + 2m)(a + 2m + 1)).
  // For x > ½ this uses the exact 1 − x instead of subtracting two numbers near 1 (for b ≤ 1 every term is
  // non-negative); for x ≤ ½ the direct form does not cancel.
  const onePlusOdd = (m: number, d: number): number =>
    x > 0.5
      ? (a * (2 * m + 1 - b) + 3 * m * m + m * (2 - b) + (a + m) * (a + b + m) * oneMinusX) /
        ((a + 2 * m) * (a + 2 * m + 1))
      : 1 + d;
  // Modified Lentz for F = 1 + d₁/(1 + d₂/(1 + …)); after the first term C₁ = 1 + d₁, D₁ = 1.
  let c = onePlusOdd(0, (-(a + b) * x) / (a + 1));
  if (Math.abs(c) < TINY) c = TINY;
  let d = 1;
  let fraction = c;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    // Even step, plain: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)) is small, nothing cancels.
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    if (even === 0) break; // integer b: the fraction ends here, the convergent is exact
    const previousC = c;
    let denominatorD = 1 + even * d;
    if (Math.abs(denominatorD) < TINY) denominatorD = TINY;
    const dMinusOne = (-even * d) / denominatorD; // D_{2m} − 1, accurate
    d = 1 / denominatorD;
    const cMinusOne = even / previousC; // C_{2m} − 1, accurate
    c = 1 + cMinusOne;
    if (Math.abs(c) < TINY) c = TINY;
    fraction *= c * d;
    // Odd step: 1 + d_{2m+1} D_{2m} = e + d_{2m+1}(D_{2m} − 1) and C_{2m} + d_{2m+1} = e + (C_{2m} − 1),
    // with e = 1 + d_{2m+1} from the expansion above.
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    const e = onePlusOdd(m, odd);
    let denominatorOdd = e + odd * dMinusOne;
    if (Math.abs(denominatorOdd) < TINY) denominatorOdd = TINY;
    d = 1 / denominatorOdd;
    let nextC = (e + cMinusOne) / c;
    if (Math.abs(nextC) < TINY) nextC = TINY;
    c = nextC;
    const delta = c * d;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return fraction;
}

/**
 * Regularised incomplete beta I_x(a, b) (lower) and 1 − I_x(a, b) (upper).
 * `oneMinusX` lets a caller pass 1 − x computed without cancellation (for the t distribution,
 * x = ν/(ν + t²) and 1 − x = t²/(ν + t²) are both available exactly).
 */
export function incompleteBeta(x: number, a: number, b: number, oneMinusX = 1 - x): Tails {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (oneMinusX <= 0) return { lower: 1, upper: 0 };
  // When x is near 1, log(x) from log1p(−(1 − x)) keeps the digits that a·log(x) multiplies by a huge a.
  const logX = x > 0.5 ? Math.log1p(-oneMinusX) : Math.log(x);
  const logOneMinusX = oneMinusX > 0.5 ? Math.log1p(-x) : Math.log(oneMinusX);
  const logPrefactor = a * logX + b * logOneMinusX - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.exp(logPrefactor) / (a * betaContinuedFraction(x, oneMinusX, a, b));
    return { lower, upper: 1 - lower };
  }
  // Symmetry I_x(a, b) = 1 − I_{1−x}(b, a): the directly computed side is always the smaller one.
  const upper = Math.exp(logPrefactor) / (b * betaContinuedFraction(oneMinusX, x, b, a));
  return { lower: 1 - upper, upper };
}
