/**
 * The simple methods Keel must beat (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*,
 * 3rd ed., §5.2 and §5.5): naive, seasonal naive (weekly) and a moving average, i.e. "sales velocity over
 * a window". Their intervals are the analytic ones of FPP3 Table 5.2, with σ estimated from the residuals.
 */
import { checkHistory, defineModel } from "./define.ts";
import { bootstrapPaths, demandValue, normalIntervals } from "./intervals.ts";
import { seededUniform } from "./stats.ts";

export interface BaselineFit {
  /** Point forecast for each step of one season (naive and moving average: a single value). */
  profile: number[];
  /** In-sample one-step (seasonal) residuals. */
  residuals: number[];
  /** Residual standard deviation (root mean square, residuals centred on zero by construction). */
  sigma: number;
}

function rootMeanSquare(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
}

/** Naive: tomorrow sells what today sold; sd grows with √h (random walk). */
export const naive = defineModel<BaselineFit>({
  name: "naive",
  fit(history) {
    const problem = checkHistory(history);
    if (problem) return { ok: false, reason: problem };
    const residuals = history.slice(1).map((v, i) => v - history[i]);
    return {
      ok: true,
      fitted: { profile: [history[history.length - 1]], residuals, sigma: rootMeanSquare(residuals) },
    };
  },
  predict(fitted, horizonDays, levels) {
    const mean = new Array<number>(horizonDays).fill(demandValue(fitted.profile[0]));
    const sd = mean.map((_, i) => fitted.sigma * Math.sqrt(i + 1));
    return { model: "naive", mean, intervals: normalIntervals(mean, sd, levels), intervalMethod: "analytic" };
  },
  simulate(fitted, horizonDays, paths, seed) {
    const mean = new Array<number>(horizonDays).fill(fitted.profile[0]);
    return bootstrapPaths(mean, fitted.residuals, paths, seededUniform(seed), true);
  },
});

/**
 * Seasonal naive: the same weekday last week; sd grows with √(⌊(h−1)/m⌋+1).
 * Needs at least one full season.
 */
export const seasonalNaive = defineModel<BaselineFit & { seasonLength: number }>({
  name: "seasonal-naive",
  fit(history, options) {
    const m = Math.max(1, Math.round(options?.seasonLength ?? 7));
    const problem = checkHistory(history, m);
    if (problem) return { ok: false, reason: problem };
    const residuals = history.slice(m).map((v, i) => v - history[i]);
    const profile = history.slice(history.length - m);
    return { ok: true, fitted: { profile, residuals, sigma: rootMeanSquare(residuals), seasonLength: m } };
  },
  predict(fitted, horizonDays, levels) {
    const m = fitted.seasonLength;
    const mean = Array.from({ length: horizonDays }, (_, i) => demandValue(fitted.profile[i % m]));
    const sd = mean.map((_, i) => fitted.sigma * Math.sqrt(Math.floor(i / m) + 1));
    return {
      model: "seasonal-naive",
      mean,
      intervals: normalIntervals(mean, sd, levels),
      intervalMethod: "analytic",
    };
  },
  simulate(fitted, horizonDays, paths, seed) {
    const m = fitted.seasonLength;
    const uniform = seededUniform(seed);
    const pool = fitted.residuals;
    const out: number[][] = [];
    for (let p = 0; p < paths; p++) {
      // Each weekday follows its own random walk, one step per week.
      const drift = new Array<number>(m).fill(0);
      const path: number[] = [];
      for (let h = 0; h < horizonDays; h++) {
        const e = pool.length === 0 ? 0 : pool[Math.floor(uniform() * pool.length)];
        drift[h % m] += e;
        path.push(demandValue(fitted.profile[h % m] + drift[h % m]));
      }
      out.push(path);
    }
    return out;
  },
});

/** Default window of the moving average ("sales velocity"), in days. */
export const MOVING_AVERAGE_WINDOW = 28;

/** Moving average of the last `window` days: constant forecast, residual sd constant over the horizon. */
export function movingAverageModel(window = MOVING_AVERAGE_WINDOW) {
  return defineModel<BaselineFit>({
    name: `moving-average-${window}`,
    fit(history) {
      const problem = checkHistory(history);
      if (problem) return { ok: false, reason: problem };
      const k = Math.min(window, history.length);
      const residuals: number[] = [];
      let sum = 0;
      for (let t = 0; t < history.length; t++) {
        if (t >= k) residuals.push(history[t] - sum / k);
        sum += history[t];
        if (t >= k) sum -= history[t - k];
      }
      const level = history.slice(history.length - k).reduce((a, b) => a + b, 0) / k;
      if (residuals.length < 2) {
        // The window covers the whole history: no out-of-window errors yet, so take the spread of the days
        // around their mean, inflated for the mean's own error (iid days: var = σ²(1 + 1/k)).
        const spread = history.map((v) => v - level);
        const sigma = rootMeanSquare(spread) * Math.sqrt(1 + 1 / k);
        return { ok: true, fitted: { profile: [level], residuals: spread, sigma } };
      }
      return { ok: true, fitted: { profile: [level], residuals, sigma: rootMeanSquare(residuals) } };
    },
    predict(fitted, horizonDays, levels) {
      const mean = new Array<number>(horizonDays).fill(demandValue(fitted.profile[0]));
      const sd = mean.map(() => fitted.sigma);
      return {
        model: `moving-average-${window}`,
        mean,
        intervals: normalIntervals(mean, sd, levels),
        intervalMethod: "analytic",
      };
    },
    simulate(fitted, horizonDays, paths, seed) {
      const mean = new Array<number>(horizonDays).fill(fitted.profile[0]);
      return bootstrapPaths(mean, fitted.residuals, paths, seededUniform(seed));
    },
  });
}

export const movingAverage = movingAverageModel();
