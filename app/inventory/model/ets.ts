/**
 * Exponential smoothing state space models (ETS) fitted by maximum likelihood and chosen by AICc:
 * Hyndman, Koehler, Ord & Snyder (2008), *Forecasting with Exponential Smoothing*, and Hyndman et al. (2002),
 * "A state space framework for automatic forecasting using exponential smoothing methods", IJF 18(3).
 * The conventions (starting values, bounds, likelihood, candidate set, parameter count) follow R's
 * `forecast::ets` so that the same series gives the same model; see test/unit/inventory/ets-r.test.ts.
 */
import { admissible, rootWorkspace, withinUsualBounds } from "./ets-admissible.ts";
import { etsFilter, type EtsSmoothing, type FilterOutput } from "./ets-filter.ts";
import { initialSmoothing, initialState } from "./ets-init.ts";
import { etsMoments } from "./ets-intervals.ts";
import { nelderMead } from "./nelder-mead.ts";
import { normalQuantile } from "./stats.ts";
import type { EtsComponents, Outcome } from "./types.ts";

/** A fitted ETS model. Parameter and state names follow R (`alpha`, `beta`, `gamma`, `phi`, `l`, `b`, `s0`…). */
export interface EtsFit {
  components: EtsComponents;
  /** R's label, e.g. `ETS(M,Ad,M)`. */
  method: string;
  /** Seasonal period used (1 for non-seasonal models). */
  m: number;
  smoothing: EtsSmoothing;
  /** Estimated parameters, as R's `fit$par`. */
  par: Record<string, number>;
  /** Full initial state `[l, b?, s_0 … s_{m-1}]`, as R's `fit$initstate`. */
  initialState: number[];
  /** State after the last observation (same layout). */
  finalState: number[];
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Residual variance, Σe² / (n − number of estimated parameters), as R. */
  sigma2: number;
  residuals: number[];
  fitted: number[];
  n: number;
}

export interface EtsOptions {
  /** Seasonal period (observations per cycle); seasonality is dropped when m ≤ 1, m > 24 or n ≤ m. */
  seasonLength?: number;
  /** Restrict the candidates (default: all models R's `ets(y)` tries). */
  candidates?: EtsComponents[];
  /** Nelder–Mead evaluation budget per model (R: 2000). */
  maxEvaluations?: number;
  /**
   * Optimise the initial states jointly with the smoothing parameters, as R does (default). When false,
   * the heuristic initial states are kept and only the smoothing parameters are estimated: several times
   * faster, used by the automatic selection on long daily histories where the start matters little.
   */
  optimiseStates?: boolean;
}

/** Label in R's notation. */
export function etsLabel(c: EtsComponents): string {
  return `ETS(${c.error},${c.trend}${c.damped ? "d" : ""},${c.season})`;
}

/** Parses `ANN`, `AAdA`, `MAdM`... into components. */
export function parseEtsCode(code: string): EtsComponents | null {
  const match = /^([AM])([NA])(d?)([NAM])$/.exec(code);
  if (!match) return null;
  return {
    error: match[1] as "A" | "M",
    trend: match[2] as "N" | "A",
    damped: match[3] === "d",
    season: match[4] as "N" | "A" | "M",
  };
}

/**
 * Fits one ETS model by maximum likelihood (R's `etsmodel`). Fails when the model has as many parameters
 * as observations or no admissible starting point exists.
 */
export function fitEtsModel(
  y: readonly number[],
  components: EtsComponents,
  m: number,
  options: Pick<EtsOptions, "maxEvaluations" | "optimiseStates"> = {},
): Outcome<{ fit: EtsFit }> {
  const period = components.season === "N" ? 1 : m;
  const start = initialState(y, components, period);
  if (!start) return { ok: false, reason: "series too short to initialise the states" };
  const smoothingStart = initialSmoothing(components, period);
  const optimiseStates = options.optimiseStates ?? true;
  const nSmoothing = smoothingStart.length;
  const nStates = start.length;
  const nPar = nSmoothing + nStates;
  if (nPar >= y.length - 1)
    return { ok: false, reason: `too many parameters (${nPar}) for ${y.length} observations` };
  const optimised = {
    beta: components.trend !== "N",
    gamma: components.season !== "N",
    phi: components.damped,
  };
  const hasTrend = components.trend !== "N";
  const seasonal = components.season !== "N";
  const data = Float64Array.from(y);
  const state = new Float64Array(nStates + (seasonal ? 1 : 0));

  const unpack = (x: ArrayLike<number>): EtsSmoothing => {
    let j = 0;
    const alpha = x[j++];
    const beta = hasTrend ? x[j++] : 0;
    const gamma = seasonal ? x[j++] : 0;
    const phi = components.damped ? x[j++] : 1;
    return { alpha, beta, gamma, phi };
  };
  const fillState = (x: ArrayLike<number>): boolean => {
    for (let i = 0; i < nStates; i++) state[i] = optimiseStates ? x[nSmoothing + i] : start[i];
    if (!seasonal) return true;
    // The last seasonal index is implied: indices sum to 0 (additive) or m (multiplicative), HKOS §2.6.1.
    let sum = 0;
    for (let i = hasTrend ? 2 : 1; i < nStates; i++) sum += state[i];
    state[nStates] = (components.season === "M" ? period : 0) - sum;
    if (components.season === "M") {
      for (let i = hasTrend ? 2 : 1; i <= nStates; i++) if (state[i] < 0) return false;
    }
    return true;
  };
  const roots = rootWorkspace(period + 1);
  const objective = (x: ArrayLike<number>): number => {
    const smoothing = unpack(x);
    if (!withinUsualBounds(smoothing, optimised)) return Infinity;
    if (!admissible(smoothing, optimised, seasonal, period, roots)) return Infinity;
    if (!fillState(x)) return Infinity;
    let lik = etsFilter(data, components, period, smoothing, state);
    if (lik < -1e10) lik = -1e10; // R: "avoid perfect fits"
    return Number.isNaN(lik) ? Infinity : lik;
  };
  const x0 = optimiseStates ? [...smoothingStart, ...start] : smoothingStart;
  const result = nelderMead(objective, x0, { maxEvaluations: options.maxEvaluations ?? 2000 });
  if (!result.ok) return { ok: false, reason: result.reason };

  const smoothing = unpack(result.x);
  fillState(result.x);
  const initial = Array.from(state);
  const out: FilterOutput = { errors: new Float64Array(y.length), fitted: new Float64Array(y.length) };
  const lik = etsFilter(data, components, period, smoothing, initial, out);
  if (!Number.isFinite(lik)) return { ok: false, reason: "likelihood is not finite at the optimum" };
  const n = y.length;
  const np = nPar + 1; // + σ²
  const aic = lik + 2 * np;
  const errors = Array.from(out.errors!);
  const sse = errors.reduce((s, e) => s + e * e, 0);
  const par: Record<string, number> = { alpha: smoothing.alpha };
  if (hasTrend) par.beta = smoothing.beta;
  if (seasonal) par.gamma = smoothing.gamma;
  if (components.damped) par.phi = smoothing.phi;
  par.l = initial[0];
  if (hasTrend) par.b = initial[1];
  for (let i = 0; i < period - 1 && seasonal; i++) par[`s${i}`] = initial[(hasTrend ? 2 : 1) + i];
  return {
    ok: true,
    fit: {
      components,
      method: etsLabel(components),
      m: period,
      smoothing,
      par,
      initialState: initial,
      finalState: out.finalState!,
      loglik: -0.5 * lik,
      aic,
      aicc: aic + (2 * np * (np + 1)) / (n - np - 1),
      bic: lik + Math.log(n) * np,
      sigma2: sse / (n - nPar),
      residuals: errors,
      fitted: Array.from(out.fitted!),
      n,
    },
  };
}

/** The candidates R's `ets(y)` tries, in its order, given the data's sign and the seasonal period. */
export function etsCandidates(positive: boolean, seasonal: boolean): EtsComponents[] {
  const out: EtsComponents[] = [];
  for (const error of ["A", "M"] as const) {
    if (error === "M" && !positive) continue;
    for (const trend of ["N", "A"] as const) {
      for (const season of seasonal ? (["N", "A", "M"] as const) : (["N"] as const)) {
        for (const damped of [true, false]) {
          if (trend === "N" && damped) continue;
          // R's `restrict = TRUE`: no additive error with a multiplicative season (infinite variance).
          if (error === "A" && season === "M") continue;
          out.push({ error, trend, season, damped });
        }
      }
    }
  }
  return out;
}

/**
 * Automatic ETS (R's `ets(y)` with defaults): fits every admissible candidate and keeps the lowest AICc.
 * @example
 * const r = fitEts(airPassengers, { seasonLength: 12 }); // r.fit.method === "ETS(M,Ad,M)"
 */
export function fitEts(y: readonly number[], options: EtsOptions = {}): Outcome<{ fit: EtsFit }> {
  const n = y.length;
  if (n === 0) return { ok: false, reason: "empty series" };
  if (y.some((v) => !Number.isFinite(v))) return { ok: false, reason: "series contains non-finite values" };
  // R needs more than npars + 4 = 6 observations before it fits any ETS model by likelihood.
  if (n <= 6) return { ok: false, reason: `too short for ETS (${n} observations)` };
  if (y.every((v) => v === y[0])) return { ok: false, reason: "constant series" };
  let m = options.seasonLength ?? 1;
  if (m > 24 || n <= m) m = 1;
  const positive = y.every((v) => v > 0);
  const candidates = (options.candidates ?? etsCandidates(positive, m > 1)).filter(
    (c) => (positive || c.error === "A") && (m > 1 || c.season === "N"),
  );
  let best: EtsFit | null = null;
  let lastReason = "no candidate model";
  for (const components of candidates) {
    const result = fitEtsModel(y, components, m, options);
    if (!result.ok) {
      lastReason = result.reason;
      continue;
    }
    if (Number.isFinite(result.fit.aicc) && (!best || result.fit.aicc < best.aicc)) best = result.fit;
  }
  return best ? { ok: true, fit: best } : { ok: false, reason: lastReason };
}

export interface EtsForecast {
  mean: number[];
  variance: number[];
  lower: Record<number, number[]>;
  upper: Record<number, number[]>;
}

/** Forecast mean, variance and normal intervals (R's `forecast.ets` with analytic variances). */
export function forecastEts(fit: EtsFit, horizon: number, levels: readonly number[] = [80, 95]): EtsForecast {
  const { mean, variance } = etsMoments(
    { components: fit.components, m: fit.m, ...fit.smoothing, sigma2: fit.sigma2, state: fit.finalState },
    horizon,
  );
  const lower: Record<number, number[]> = {};
  const upper: Record<number, number[]> = {};
  for (const level of levels) {
    const z = Math.abs(normalQuantile((100 - level) / 200));
    lower[level] = mean.map((mu, i) => mu - z * Math.sqrt(Math.max(variance[i], 0)));
    upper[level] = mean.map((mu, i) => mu + z * Math.sqrt(Math.max(variance[i], 0)));
  }
  return { mean, variance, lower, upper };
}

/**
 * The same model (parameters and initial state unchanged) run through a different history `y` starting at
 * the same day, e.g. a longer prefix: gives the state at a later forecast origin without re-estimating.
 */
export function refilterEts(fit: EtsFit, y: readonly number[]): EtsFit {
  const out: FilterOutput = {};
  etsFilter(y, fit.components, fit.m, fit.smoothing, fit.initialState, out);
  return { ...fit, finalState: out.finalState!, n: y.length };
}
