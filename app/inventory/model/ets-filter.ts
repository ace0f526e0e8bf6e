/**
 * The ETS state-space recursions of Hyndman, Koehler, Ord & Snyder (2008), *Forecasting with Exponential
 * Smoothing*, Table 2.1 (error-correction form), written over the observations so that additive- and
 * multiplicative-error models share one update, as R's forecast package does (`etscalc`).
 *
 * State layout (R's convention): `[level, trend?, s_0 … s_{m-1}]`, where `s_0` is the newest seasonal
 * index and `s_{m-1}` the one used for the next observation.
 */
import type { EtsComponents } from "./types.ts";

/** Guards divisions by values this close to zero, with the substitute value R uses (`TOL`, `HUGEN`). */
const TOL = 1.0e-10;
const HUGE = 1.0e10;

export interface EtsSmoothing {
  alpha: number;
  beta: number;
  gamma: number;
  /** 1 for undamped models. */
  phi: number;
}

export interface FilterOutput {
  /** Errors: `y - ŷ` for additive error, `(y - ŷ)/ŷ` for multiplicative error. */
  errors?: Float64Array;
  /** One-step fitted values. */
  fitted?: Float64Array;
  /** State after the last observation, in R's layout. */
  finalState?: number[];
}

/**
 * Runs the model through `y` and returns `-2 log L` up to a constant, i.e. R's `lik`:
 * `n log(Σ e²) + 2 Σ log|ŷ|` (the last term for multiplicative errors only), HKOS (2008) §5.1.
 * Returns NaN when a forecast is undefined.
 */
export function etsFilter(
  y: ArrayLike<number>,
  components: EtsComponents,
  m: number,
  smoothing: EtsSmoothing,
  initialState: ArrayLike<number>,
  out?: FilterOutput,
): number {
  const { error, trend, season } = components;
  const { alpha, beta, gamma, phi } = smoothing;
  const hasTrend = trend !== "N";
  const seasonal = season !== "N";
  const period = seasonal ? m : 1;
  let level = initialState[0];
  let growth = hasTrend ? initialState[1] : 0;
  // Seasonal indices kept in a ring: ring[pointer] is the index used for the next observation.
  const ring = new Float64Array(period);
  const offset = hasTrend ? 2 : 1;
  if (seasonal) for (let k = 0; k < period; k++) ring[k] = initialState[offset + period - 1 - k];
  let pointer = 0;
  let sumSquares = 0;
  let sumLogForecast = 0;
  const n = y.length;
  const betaOverAlpha = beta / alpha;
  const multiplicativeError = error === "M";
  for (let t = 0; t < n; t++) {
    const phiGrowth = hasTrend ? phi * growth : 0;
    const q = level + phiGrowth;
    const oldSeason = seasonal ? ring[pointer] : 0;
    const forecast = season === "A" ? q + oldSeason : season === "M" ? q * oldSeason : q;
    const yt = y[t];
    const e = error === "A" ? yt - forecast : (yt - forecast) / forecast;
    if (out?.errors) out.errors[t] = e;
    if (out?.fitted) out.fitted[t] = forecast;
    sumSquares += e * e;
    if (multiplicativeError) sumLogForecast += Math.log(Math.abs(forecast));

    let p: number;
    if (season === "A") p = yt - oldSeason;
    else if (season === "M") p = Math.abs(oldSeason) < TOL ? HUGE : yt / oldSeason;
    else p = yt;
    const oldLevel = level;
    level = q + alpha * (p - q);
    if (hasTrend) growth = phiGrowth + betaOverAlpha * (level - oldLevel - phiGrowth);
    if (seasonal) {
      let target: number;
      if (season === "A") target = yt - q;
      else target = Math.abs(q) < TOL ? HUGE : yt / q;
      ring[pointer] = oldSeason + gamma * (target - oldSeason);
      pointer = pointer + 1 === period ? 0 : pointer + 1;
    }
  }
  if (out) {
    const state = [level];
    if (hasTrend) state.push(growth);
    if (seasonal) for (let j = 0; j < period; j++) state.push(ring[(pointer + period - 1 - j) % period]);
    out.finalState = state;
  }
  let lik = n * Math.log(sumSquares);
  if (error === "M") lik += 2 * sumLogForecast;
  return lik;
}

/**
 * Point forecasts from a state in R's layout: `ℓ + φ_h b` plus or times the seasonal index
 * (HKOS 2008 Table 2.1, with `φ_h = φ + … + φ^h`).
 */
export function etsPointForecast(
  state: readonly number[],
  components: EtsComponents,
  m: number,
  phi: number,
  horizon: number,
): number[] {
  const hasTrend = components.trend !== "N";
  const period = components.season !== "N" ? m : 1;
  const offset = hasTrend ? 2 : 1;
  const out: number[] = [];
  let phiStar = phi;
  for (let i = 0; i < horizon; i++) {
    let f = hasTrend ? state[0] + phiStar * state[1] : state[0];
    if (components.season !== "N") {
      const j = (((period - 1 - i) % period) + period) % period;
      f = components.season === "A" ? f + state[offset + j] : f * state[offset + j];
    }
    out.push(f);
    phiStar += Math.abs(phi - 1) < TOL ? 1 : phi ** (i + 2);
  }
  return out;
}
