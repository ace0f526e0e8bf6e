/**
 * Shared shapes of the demand forecasting engine. Everything is plain numbers and arrays so the models can
 * run anywhere (request handlers, background jobs, worker threads, the CLI) and be tested alone.
 */

/** ETS components (HKOS 2008 taxonomy): error, trend and season types and whether the trend is damped. */
export interface EtsComponents {
  error: "A" | "M";
  trend: "N" | "A";
  season: "N" | "A" | "M";
  damped: boolean;
}

/** A central prediction interval at `level` percent (e.g. 80 or 95). */
export interface PredictionInterval {
  level: number;
  lower: number[];
  upper: number[];
}

/** How an interval was obtained. */
export type IntervalMethod = "analytic" | "empirical" | "conformal" | "none";

/** A demand forecast: daily means and intervals, never negative, never NaN. */
export interface DemandForecast {
  /** Model that produced it, e.g. `ets:ETS(A,N,A)`, `croston`, `seasonal-naive`. */
  model: string;
  mean: number[];
  intervals: PredictionInterval[];
  intervalMethod: IntervalMethod;
  /** Set when the answer is a fallback for a degenerate input (empty, all zeros, too short...). */
  note?: string;
}

/** Result of a step that can fail for an expected reason (too short a history, no admissible fit...). */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string };

/** Options common to all demand models. */
export interface ModelOptions {
  /** Seasonal period in days (7 for a weekly cycle); 1 disables seasonality. */
  seasonLength?: number;
}

/**
 * The one contract every demand model honours (tested by the shared battery):
 * `predict(fit(y), h, levels)` equals `forecast(y, h, levels)`, intervals are nested around the mean and
 * nothing is negative. `fit` returns `{ ok: false, reason }` for inputs it cannot handle.
 */
export interface DemandModel<Fitted = unknown> {
  name: string;
  fit(history: readonly number[], options?: ModelOptions): Outcome<{ fitted: Fitted }>;
  predict(fitted: Fitted, horizonDays: number, levels: readonly number[]): DemandForecast;
  /**
   * Simulated future paths (`paths` rows of `horizonDays` daily demands, never negative) drawn with a
   * deterministic generator, used for lead-time demand.
   */
  simulate(fitted: Fitted, horizonDays: number, paths: number, seed: number): number[][];
  /** Fit and predict in one call. */
  forecast(
    history: readonly number[],
    horizonDays: number,
    levels: readonly number[],
    options?: ModelOptions,
  ): Outcome<{ forecast: DemandForecast }>;
}
