/**
 * Automatic model choice per series: clean the history, classify the demand (Syntetos–Boylan), fit the
 * candidates that suit the class, score them by a rolling-origin backtest (Tashman 2000, "Out-of-sample
 * tests of forecasting accuracy", IJF 16(4)) and keep the simplest model whose backtest error is within a
 * small tolerance of the best. Every answer reports the chosen model's backtest error beside seasonal
 * naive's, so a merchant can see what the statistics buy over "same as last week".
 */
import { movingAverage, movingAverageModel, naive, seasonalNaive } from "./baselines.ts";
import { classifyDemand, type DemandClass } from "./classify.ts";
import { etsModel } from "./ets-model.ts";
import { etsPointForecast } from "./ets-filter.ts";
import {
  leadTimeDemand,
  zeroLeadTimeDemand,
  type LeadTimeDemand,
  type LeadTimeOptions,
} from "./lead-time.ts";
import { fitEts, parseEtsCode, refilterEts, type EtsOptions } from "./ets.ts";
import { adida, croston, sba, tsb } from "./intermittent.ts";
import { DEFAULT_LEVELS, demandValue, errorQuantileIntervals, normaliseLevels } from "./intervals.ts";
import { cleanDemandHistory, type CleanedHistory, type DemandHistory } from "./series.ts";
import type { DemandForecast, DemandModel, EtsComponents } from "./types.ts";

export interface AutoOptions {
  horizonDays: number;
  levels?: readonly number[];
  /** Weekly cycle by default. */
  seasonLength?: number;
  /** Backtest windows, each `backtestHorizonDays` long, ending at the last day (default 3). */
  backtestOrigins?: number;
  /** Default min(horizon, 28). */
  backtestHorizonDays?: number;
  /** A simpler model wins when its error is within this fraction of the best (default 0.02). */
  simplicityTolerance?: number;
  /** Speed settings for ETS inside the selection (see {@link EtsOptions}). */
  ets?: Omit<EtsOptions, "seasonLength">;
  /** ETS is estimated on at most this many most recent days (default 364: a year of weekly cycles). */
  etsWindowDays?: number;
  /** Interval source: each model's own (analytic or empirical, default) or conformal from the backtest. */
  intervals?: "model" | "conformal";
}

export interface CandidateScore {
  model: string;
  /** Mean absolute error over all backtest days (NaN-free: failed candidates are left out). */
  mae: number;
  complexity: number;
}

export interface BacktestReport {
  origins: number;
  horizonDays: number;
  /** Backtest MAE of the model finally used (null when none of the candidates could be backtested). */
  chosenMae: number | null;
  seasonalNaiveMae: number | null;
  candidates: CandidateScore[];
}

export interface AutoForecast extends DemandForecast {
  demandClass: DemandClass;
  backtest: BacktestReport | null;
  cleaning: Omit<CleanedHistory, "values">;
}

interface Candidate {
  name: string;
  /** Rank for the simplicity rule: roughly how many quantities the method estimates. */
  complexity: number;
  model: DemandModel<unknown>;
  /** Scored for the report only (seasonal naive on intermittent demand) and never chosen. */
  referenceOnly?: boolean;
}

/**
 * Default ETS settings in the selection: R's candidate set, smoothing parameters by maximum likelihood,
 * initial states from the heuristic (HKOS §2.6.1) rather than optimised. On a year of daily data the start
 * matters little and this is about five times faster (the full R-equivalent fit is `fitEts`).
 */
export const AUTO_ETS: Omit<EtsOptions, "seasonLength"> = {
  optimiseStates: false,
  maxEvaluations: 400,
  // Damped rather than linear trends (Gardner & McKenzie 1985: linear trends overshoot over four weeks) and
  // no multiplicative error with an additive season: 8 of R's 15 forms, chosen as R does by AICc.
  candidates: (["ANN", "ANA", "AAdN", "AAdA", "MNN", "MNM", "MAdN", "MAdM"] as const).map((code) =>
    parseEtsCode(code)!,
  ),
};
export const AUTO_ETS_WINDOW_DAYS = 364;

function candidatesFor(demandClass: DemandClass, etsOptions: Omit<EtsOptions, "seasonLength">): Candidate[] {
  // Seasonal naive repeats m past days (m estimates) where the moving average uses one level, so it ranks
  // after it; on intermittent demand its weekday pattern is noise and it only serves as the yardstick.
  const intermittentClass = demandClass === "intermittent" || demandClass === "lumpy";
  const simple: Candidate[] = [
    { name: movingAverage.name, complexity: 1, model: movingAverage as DemandModel<unknown> },
    {
      name: seasonalNaive.name,
      complexity: 2,
      model: seasonalNaive as DemandModel<unknown>,
      referenceOnly: intermittentClass,
    },
  ];
  const intermittent: Candidate[] = [
    { name: "sba", complexity: 2, model: sba as DemandModel<unknown> },
    { name: "croston", complexity: 2, model: croston as DemandModel<unknown> },
    { name: "tsb", complexity: 2, model: tsb as DemandModel<unknown> },
    { name: "adida", complexity: 2, model: adida as DemandModel<unknown> },
  ];
  const ets: Candidate = { name: "ets", complexity: 3, model: etsModel(etsOptions) as DemandModel<unknown> };
  if (demandClass === "smooth") return [...simple, ets];
  if (demandClass === "erratic") return [...simple, { ...intermittent[2] }, ets];
  return [...simple, ...intermittent];
}

interface Backtest {
  forecasts: number[][];
  actuals: number[][];
  /** ETS only: the form chosen at the first origin, refitted alone on the full history. */
  etsForm?: EtsComponents;
}

/** Rolling-origin forecasts of one candidate; ETS is estimated once at the first origin and re-run after. */
function backtest(
  candidate: Candidate,
  y: readonly number[],
  origins: number[],
  horizon: number,
  m: number,
  etsOptions: Omit<EtsOptions, "seasonLength">,
  etsWindow: number,
): Backtest | null {
  const forecasts: number[][] = [];
  const actuals = origins.map((o) => y.slice(o, o + horizon));
  if (candidate.name === "ets") {
    // Re-estimating at every origin would triple the cost; the parameters from the first origin are kept and
    // only the states move forward, which is still out of sample for every forecast.
    const start = Math.max(0, origins[0] - etsWindow);
    const fit = fitEts(y.slice(start, origins[0]), { ...etsOptions, seasonLength: m });
    if (!fit.ok) return null;
    for (const o of origins) {
      // Point forecasts: they differ from the class 3 means only by a σ²-order term and cost far less.
      const moved = refilterEts(fit.fit, y.slice(start, o));
      const points = etsPointForecast(
        moved.finalState,
        moved.components,
        moved.m,
        moved.smoothing.phi,
        horizon,
      );
      forecasts.push(points.map(demandValue));
    }
    return { forecasts, actuals, etsForm: fit.fit.components };
  }
  for (const o of origins) {
    const result = candidate.model.forecast(y.slice(0, o), horizon, [], { seasonLength: m });
    if (!result.ok) return null;
    forecasts.push(result.forecast.mean);
  }
  return { forecasts, actuals };
}

function meanAbsoluteError(b: Backtest): number {
  let sum = 0;
  let count = 0;
  b.forecasts.forEach((f, k) => {
    b.actuals[k].forEach((a, h) => {
      sum += Math.abs(a - f[h]);
      count++;
    });
  });
  return count === 0 ? Infinity : sum / count;
}

function flat(horizon: number, value: number, levels: number[], model: string, note: string): DemandForecast {
  const mean = new Array<number>(horizon).fill(value);
  return {
    model,
    mean,
    intervals: levels.map((level) => ({ level, lower: [...mean], upper: [...mean] })),
    intervalMethod: "none",
    note,
  };
}

/** Result of the selection, with the fitted model kept so lead-time demand can be simulated from it. */
export interface Selection {
  forecast: AutoForecast;
  model: DemandModel<unknown> | null;
  fitted: unknown;
  backtestErrors: number[];
}

/** Chooses and fits the model for one history; see {@link forecastDemand}. */
export function selectModel(history: DemandHistory, options: AutoOptions): Selection {
  const horizon = Math.max(1, Math.floor(options.horizonDays));
  const levels = normaliseLevels(options.levels ?? DEFAULT_LEVELS);
  const m = Math.max(1, Math.round(options.seasonLength ?? 7));
  const etsOptions = options.ets ?? AUTO_ETS;
  const etsWindow = Math.max(2 * m + 8, options.etsWindowDays ?? AUTO_ETS_WINDOW_DAYS);
  const cleaned = cleanDemandHistory({ ...history, seasonLength: m });
  const { values: y, ...cleaning } = cleaned;
  const profile = classifyDemand(y);
  const base = { demandClass: profile.demandClass, backtest: null, cleaning };
  const none = (model: string, note: string): Selection => ({
    forecast: { ...flat(horizon, 0, levels, model, note), ...base },
    model: null,
    fitted: null,
    backtestErrors: [],
  });
  if (y.length === 0) return none("none", "no history");
  if (profile.demandClass === "no-demand") return none("zero", "no sales in the history");

  const backtestHorizon = Math.max(
    1,
    Math.min(options.backtestHorizonDays ?? Math.min(horizon, 28), horizon),
  );
  const minimumTraining = Math.max(2 * m, 14);
  const origins: number[] = [];
  for (let k = options.backtestOrigins ?? 3; k >= 1; k--) {
    const o = y.length - k * backtestHorizon;
    if (o >= minimumTraining) origins.push(o);
  }
  if (origins.length === 0) {
    // Too short to test anything out of sample: sales velocity over what there is.
    const model = movingAverageModel(Math.min(28, y.length)) as DemandModel<unknown>;
    const fitted = model.fit(y);
    if (!fitted.ok) return none("zero", fitted.reason);
    const forecast = model.predict(fitted.fitted, horizon, levels);
    return {
      forecast: { ...forecast, ...base, note: "history too short to backtest: moving average" },
      model,
      fitted: fitted.fitted,
      backtestErrors: [],
    };
  }

  const scores: (CandidateScore & { candidate: Candidate; errors: number[]; etsForm?: EtsComponents })[] = [];
  for (const candidate of candidatesFor(profile.demandClass, etsOptions)) {
    const result = backtest(candidate, y, origins, backtestHorizon, m, etsOptions, etsWindow);
    if (!result) continue;
    const errors = result.forecasts.flatMap((f, k) => result.actuals[k].map((a, h) => a - f[h]));
    scores.push({
      model: candidate.name,
      mae: meanAbsoluteError(result),
      complexity: candidate.complexity,
      candidate,
      errors,
      etsForm: result.etsForm,
    });
  }
  const tolerance = options.simplicityTolerance ?? 0.02;
  const eligible = scores.filter((s) => !s.candidate.referenceOnly);
  const bestMae = Math.min(...eligible.map((s) => s.mae));
  // Simplest model not worse than the best (within the tolerance); ties go to the lower error.
  const chosenScore = [...eligible]
    .filter((s) => s.mae <= bestMae * (1 + tolerance) + 1e-12)
    .sort((a, b) => a.complexity - b.complexity || a.mae - b.mae)[0];
  const seasonalNaiveScore = scores.find((s) => s.model === seasonalNaive.name);
  const report: BacktestReport = {
    origins: origins.length,
    horizonDays: backtestHorizon,
    chosenMae: chosenScore ? chosenScore.mae : null,
    seasonalNaiveMae: seasonalNaiveScore ? seasonalNaiveScore.mae : null,
    candidates: scores.map(({ model, mae, complexity }) => ({ model, mae, complexity })),
  };

  // Final fit on the whole history; if it fails (rare), fall back down the ranking.
  const ranked = [
    chosenScore,
    ...eligible.filter((s) => s !== chosenScore).sort((a, b) => a.mae - b.mae),
  ].filter(Boolean);
  for (const score of ranked) {
    let model = score.candidate.model;
    let history: readonly number[] = y;
    if (score.etsForm) {
      // ETS: refit on the recent window only the form chosen at the first backtest origin.
      model = etsModel({ ...etsOptions, candidates: [score.etsForm] }) as DemandModel<unknown>;
      history = y.slice(Math.max(0, y.length - etsWindow));
    }
    const fitted = model.fit(history, { seasonLength: m });
    if (!fitted.ok) continue;
    let forecast = model.predict(fitted.fitted, horizon, levels);
    // Intermittent methods keep their empirical intervals: the quantiles of their one-step errors at every
    // day of the history, each forecast from the days before it (a rolling origin at every day, hundreds of
    // errors). The three backtest windows give fewer errors, and errors of the very windows the model won
    // on, which made the conformal intervals too narrow on Online Retail (71-73% cover at 80%).
    const useConformal = forecast.intervalMethod === "none" || options.intervals === "conformal";
    if (useConformal && score.errors.length >= 20) {
      forecast = {
        ...forecast,
        intervals: errorQuantileIntervals(forecast.mean, score.errors, levels, true),
        intervalMethod: "conformal",
      };
    }
    const chosenReport = { ...report, chosenMae: score.mae };
    return {
      forecast: { ...forecast, ...base, backtest: chosenReport },
      model,
      fitted: fitted.fitted,
      backtestErrors: score.errors,
    };
  }
  const naiveFit = naive.fit(y);
  if (!naiveFit.ok) return none("zero", naiveFit.reason);
  return {
    forecast: {
      ...naive.predict(naiveFit.fitted, horizon, levels),
      ...base,
      backtest: report,
      note: "no candidate could be fitted: naive",
    },
    model: naive as DemandModel<unknown>,
    fitted: naiveFit.fitted,
    backtestErrors: [],
  };
}

/**
 * Forecasts daily demand for one item: cleaning, classification, backtest-based choice, intervals and,
 * when `leadTimeDays` is given, the distribution of total demand over that lead time.
 * Never throws and never returns NaN; degenerate histories get a flat answer with a `note`.
 * @example
 * const f = forecastDemand({ quantities: lastYearDailyUnits }, { horizonDays: 28, leadTimeDays: 10 });
 * f.model; f.mean; f.intervals; f.backtest?.chosenMae; f.backtest?.seasonalNaiveMae; f.leadTime?.quantiles
 */
export function forecastDemand(
  history: DemandHistory,
  options: AutoOptions & { leadTimeDays?: number } & LeadTimeOptions,
): AutoForecast & { leadTime?: LeadTimeDemand } {
  const selection = selectModel(history, options);
  if (options.leadTimeDays === undefined) return selection.forecast;
  const leadTime = selection.model
    ? leadTimeDemand(selection.model, selection.fitted, options.leadTimeDays, options)
    : zeroLeadTimeDemand(options.leadTimeDays, options.probabilities);
  return { ...selection.forecast, leadTime };
}
