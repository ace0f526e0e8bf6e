/**
 * Starting values for ETS maximum likelihood, following R forecast's `initstate` and `initparam`
 * (HKOS 2008 §2.6.1 heuristic): a classical decomposition (or a one-harmonic Fourier regression when there
 * are fewer than three seasons) gives the seasonal indices, a regression on the first observations gives
 * level and trend. The optimiser then refines all of them.
 */
import type { EtsComponents } from "./types.ts";

/** R's default "usual" bounds for alpha, beta, gamma, phi. */
export const LOWER_BOUNDS = [1e-4, 1e-4, 1e-4, 0.8] as const;
export const UPPER_BOUNDS = [0.9999, 0.9999, 0.9999, 0.98] as const;

/** Least squares with an intercept; returns the coefficients [intercept, ...slopes] or null if singular. */
export function leastSquares(columns: number[][], y: readonly number[]): number[] | null {
  const k = columns.length + 1;
  const n = y.length;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  const row = new Array<number>(k);
  for (let i = 0; i < n; i++) {
    row[0] = 1;
    for (let c = 1; c < k; c++) row[c] = columns[c - 1][i];
    for (let a = 0; a < k; a++) {
      xty[a] += row[a] * y[i];
      for (let b = 0; b < k; b++) xtx[a][b] += row[a] * row[b];
    }
  }
  // Gaussian elimination with partial pivoting on the normal equations (k ≤ 4 here).
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(xtx[r][col]) > Math.abs(xtx[pivot][col])) pivot = r;
    if (Math.abs(xtx[pivot][col]) < 1e-12) return null;
    [xtx[col], xtx[pivot]] = [xtx[pivot], xtx[col]];
    [xty[col], xty[pivot]] = [xty[pivot], xty[col]];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const factor = xtx[r][col] / xtx[col][col];
      for (let c = col; c < k; c++) xtx[r][c] -= factor * xtx[col][c];
      xty[r] -= factor * xty[col];
    }
  }
  return xty.map((v, i) => v / xtx[i][i]);
}

/** R's `decompose()`: centred moving-average trend, seasonal figure by position from the first observation. */
function decomposeSeasonal(y: readonly number[], m: number, multiplicative: boolean): number[] {
  const n = y.length;
  const weights =
    m % 2 === 0 ? [0.5, ...new Array<number>(m - 1).fill(1), 0.5] : new Array<number>(m).fill(1);
  const half = (weights.length - 1) / 2;
  const detrended = new Array<number>(n).fill(NaN);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    for (let j = 0; j < weights.length; j++) trend += (weights[j] / m) * y[t - half + j];
    detrended[t] = multiplicative ? y[t] / trend : y[t] - trend;
  }
  const figure: number[] = [];
  for (let i = 0; i < m; i++) {
    let sum = 0;
    let count = 0;
    for (let t = i; t < n; t += m) {
      if (Number.isFinite(detrended[t])) {
        sum += detrended[t];
        count++;
      }
    }
    figure.push(sum / count);
  }
  const centre = figure.reduce((a, b) => a + b, 0) / m;
  const normalised = figure.map((f) => (multiplicative ? f / centre : f - centre));
  return y.map((_, t) => normalised[t % m]);
}

/** Seasonal component from a trend + one-harmonic regression, used by R when n < 3m. */
function fourierSeasonal(y: readonly number[], m: number, multiplicative: boolean): number[] | null {
  const time = y.map((_, i) => i + 1);
  const columns = [time];
  // R's fourier() drops the sine term when it is identically zero (m = 2).
  if (Math.abs(2 / m - Math.round(2 / m)) > Number.EPSILON)
    columns.push(time.map((t) => Math.sin((2 * Math.PI * t) / m)));
  columns.push(time.map((t) => Math.cos((2 * Math.PI * t) / m)));
  const coef = leastSquares(columns, y);
  if (!coef) return null;
  return y.map((v, i) => {
    const trend = coef[0] + coef[1] * (i + 1);
    return multiplicative ? v / trend : v - trend;
  });
}

/**
 * Initial state `[l, b?, s_0 … s_{m-2}]` (the last seasonal index is implied by normalisation), or null
 * when the series is too short to estimate it.
 */
export function initialState(y: readonly number[], components: EtsComponents, m: number): number[] | null {
  let adjusted: number[] = [...y];
  let seasons: number[] = [];
  if (components.season !== "N") {
    const n = y.length;
    if (n < 4) return null;
    const multiplicative = components.season === "M";
    const seasonal =
      n < 3 * m ? fourierSeasonal(y, m, multiplicative) : decomposeSeasonal(y, m, multiplicative);
    if (!seasonal || seasonal.some((v) => !Number.isFinite(v))) return null;
    seasons = seasonal.slice(1, m).reverse();
    if (multiplicative) {
      seasons = seasons.map((s) => Math.max(s, 0.01));
      const total = seasons.reduce((a, b) => a + b, 0);
      if (total > m) {
        const denominator = seasons.reduce((a, b) => a + b + 0.01, 0);
        seasons = seasons.map((s) => s / denominator);
      }
      adjusted = y.map((v, i) => v / Math.max(seasonal[i], 0.01));
    } else {
      adjusted = y.map((v, i) => v - seasonal[i]);
    }
  }
  const maxn = Math.min(Math.max(10, 2 * (components.season !== "N" ? m : 1)), adjusted.length);
  const head = adjusted.slice(0, maxn);
  if (components.trend === "N") {
    const level = head.reduce((a, b) => a + b, 0) / maxn;
    return [level, ...seasons];
  }
  const coef = leastSquares([head.map((_, i) => i + 1)], head);
  if (!coef) return null;
  let [level, growth] = coef;
  if (Math.abs(level + growth) < 1e-8) {
    level *= 1 + 1e-3;
    growth *= 1 - 1e-3;
  }
  return [level, growth, ...seasons];
}

/** Starting smoothing parameters, R's `initparam` with the usual bounds. */
export function initialSmoothing(components: EtsComponents, m: number): number[] {
  const [lo, , , loPhi] = LOWER_BOUNDS;
  const [up, upBeta, upGamma, upPhi] = UPPER_BOUNDS;
  const period = components.season === "N" ? 1 : m;
  let alpha = lo + (0.2 * (up - lo)) / period;
  if (alpha > 1 || alpha < 0) alpha = lo + 2e-3;
  const par = [alpha];
  if (components.trend !== "N") {
    const upper = Math.min(upBeta, alpha);
    let beta = LOWER_BOUNDS[1] + 0.1 * (upper - LOWER_BOUNDS[1]);
    if (beta < 0 || beta > alpha) beta = alpha - 1e-3;
    par.push(beta);
  }
  if (components.season !== "N") {
    const upper = Math.min(upGamma, 1 - alpha);
    let gamma = LOWER_BOUNDS[2] + 0.05 * (upper - LOWER_BOUNDS[2]);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 1e-3;
    par.push(gamma);
  }
  if (components.damped) {
    let phi = loPhi + 0.99 * (upPhi - loPhi);
    if (phi < 0 || phi > 1) phi = upPhi - 1e-3;
    par.push(phi);
  }
  return par;
}
