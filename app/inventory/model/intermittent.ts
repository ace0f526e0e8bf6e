/**
 * Intermittent demand (many days without sales): Croston (1972), SBA (Syntetos & Boylan 2005),
 * TSB (Teunter, Syntetos & Babai 2011) and ADIDA (Nikolopoulos et al. 2011). Their forecasts are flat demand
 * rates; intervals are empirical, from the quantiles of in-sample one-step errors, because these methods
 * have no consistent underlying stochastic model (Shenstone & Hyndman 2005, J. Forecasting 24).
 */
import { checkHistory, defineModel } from "./define.ts";
import { bootstrapPaths, demandValue, errorQuantileIntervals } from "./intervals.ts";
import { seededUniform } from "./stats.ts";
import type { DemandModel } from "./types.ts";

export interface RateFit {
  /** Forecast demand per day. */
  rate: number;
  /** In-sample one-step errors `y − ŷ` (where a forecast existed). */
  residuals: number[];
  /** Smoothing constants and settings used, for reporting. */
  settings: Record<string, number>;
}

/** Croston's ratio of smoothed sizes to smoothed intervals after each day, R forecast's conventions. */
function crostonPath(y: readonly number[], alpha: number): { rate: number; fitted: number[] } {
  let size = 0;
  let interval = 0;
  let seen = 0;
  let lastIndex = -1;
  let rate = 0;
  const fitted: number[] = [NaN];
  for (let t = 0; t < y.length; t++) {
    if (y[t] > 0) {
      const gap = t - lastIndex;
      // SES with "simple" initialisation: the first demand and first interval start the levels.
      if (seen === 0) {
        size = y[t];
        interval = gap;
      } else {
        size += alpha * (y[t] - size);
        interval += alpha * (gap - interval);
      }
      seen++;
      lastIndex = t;
      rate = size / interval;
    }
    if (t + 1 < y.length) fitted.push(rate);
  }
  return { rate, fitted };
}

function residualsOf(y: readonly number[], fitted: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 0; t < y.length; t++) if (Number.isFinite(fitted[t])) out.push(y[t] - fitted[t]);
  return out;
}

function rateModel(name: string, estimate: (y: readonly number[]) => RateFit): DemandModel<RateFit> {
  return defineModel<RateFit>({
    name,
    fit(history) {
      const problem = checkHistory(history);
      if (problem) return { ok: false, reason: problem };
      return { ok: true, fitted: estimate(history.map(demandValue)) };
    },
    predict(fitted, horizonDays, levels) {
      const mean = new Array<number>(horizonDays).fill(demandValue(fitted.rate));
      return {
        model: name,
        mean,
        intervals: errorQuantileIntervals(mean, fitted.residuals, levels),
        intervalMethod: "empirical",
        ...(fitted.rate === 0 && fitted.residuals.every((e) => e === 0)
          ? { note: "no demand in the history" }
          : {}),
      };
    },
    simulate(fitted, horizonDays, paths, seed) {
      const mean = new Array<number>(horizonDays).fill(fitted.rate);
      return bootstrapPaths(mean, fitted.residuals, paths, seededUniform(seed));
    },
  });
}

/** Croston's method with smoothing constant `alpha` (R forecast::croston default 0.1). */
export function crostonModel(alpha = 0.1, debiased = false): DemandModel<RateFit> {
  // SBA multiplies by (1 − α/2) to remove Croston's positive bias (Syntetos & Boylan 2005, eq. 6).
  const factor = debiased ? 1 - alpha / 2 : 1;
  return rateModel(debiased ? "sba" : "croston", (y) => {
    const { rate, fitted } = crostonPath(y, alpha);
    const scaled = fitted.map((f) => f * factor);
    return { rate: rate * factor, residuals: residualsOf(y, scaled), settings: { alpha } };
  });
}

export const croston = crostonModel(0.1);
export const sba = crostonModel(0.1, true);

/** Grid for TSB's two constants (demand size α, demand probability β). */
const TSB_GRID = [0.05, 0.1, 0.2, 0.3, 0.5];

function tsbRun(
  y: readonly number[],
  alpha: number,
  beta: number,
): { rate: number; sse: number; fitted: number[] } {
  const first = y.findIndex((v) => v > 0);
  const fitted: number[] = [NaN];
  if (first < 0) return { rate: 0, sse: 0, fitted: y.map(() => 0) };
  let probability = y[0] > 0 ? 1 : 0;
  let size = y[first];
  let sse = 0;
  for (let t = 1; t < y.length; t++) {
    const forecast = t > first ? probability * size : NaN;
    fitted.push(forecast);
    if (t > first) sse += (y[t] - forecast) ** 2;
    // The probability is updated every day, the size only on days with demand (TSB 2011, eqs. 3-4).
    probability += beta * ((y[t] > 0 ? 1 : 0) - probability);
    if (y[t] > 0 && t > first) size += alpha * (y[t] - size);
  }
  return { rate: probability * size, sse, fitted };
}

/** TSB: smooths the probability of a demand every day, so obsolescence shows up in the forecast. */
export const tsb = rateModel("tsb", (y) => {
  let best: { rate: number; sse: number; fitted: number[]; alpha: number; beta: number } | null = null;
  for (const alpha of TSB_GRID) {
    for (const beta of TSB_GRID) {
      const run = tsbRun(y, alpha, beta);
      if (!best || run.sse < best.sse - 1e-12) best = { ...run, alpha, beta };
    }
  }
  return {
    rate: best!.rate,
    residuals: residualsOf(y, best!.fitted),
    settings: { alpha: best!.alpha, beta: best!.beta },
  };
});

/** R's round(): halves go to the even neighbour (IEC 60559), so ADIDA's bucket size matches the reference. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Grid of SES constants for ADIDA's aggregate series. */
const SES_GRID = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);

/**
 * ADIDA: sums demand in buckets of k days (k = the mean inter-demand interval, rounded), forecasts the
 * buckets with simple exponential smoothing and spreads the bucket forecast evenly over its k days.
 */
export const adida = rateModel("adida", (y) => {
  const positions = y.flatMap((v, t) => (v > 0 ? [t + 1] : []));
  if (positions.length === 0) return { rate: 0, residuals: y.map(() => 0), settings: { k: 1, alpha: 0 } };
  const gaps = positions.map((p, i) => p - (i === 0 ? 0 : positions[i - 1]));
  const k = Math.max(1, roundHalfEven(gaps.reduce((a, b) => a + b, 0) / gaps.length));
  const buckets = Math.floor(y.length / k);
  if (buckets === 0) {
    const rate = y.reduce((a, b) => a + b, 0) / y.length;
    return { rate, residuals: y.map((v) => v - rate), settings: { k, alpha: 0 } };
  }
  const offset = y.length - buckets * k;
  const totals = Array.from({ length: buckets }, (_, b) => {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += y[offset + b * k + i];
    return sum;
  });
  let bestAlpha = SES_GRID[0];
  let bestSse = Infinity;
  for (const alpha of SES_GRID) {
    let level = totals[0];
    let sse = 0;
    for (let b = 1; b < buckets; b++) {
      sse += (totals[b] - level) ** 2;
      level += alpha * (totals[b] - level);
    }
    if (sse < bestSse) {
      bestSse = sse;
      bestAlpha = alpha;
    }
  }
  let level = totals[0];
  const residuals: number[] = [];
  for (let b = 1; b < buckets; b++) {
    for (let i = 0; i < k; i++) residuals.push(y[offset + b * k + i] - level / k);
    level += bestAlpha * (totals[b] - level);
  }
  return { rate: level / k, residuals, settings: { k, alpha: bestAlpha } };
});
