/**
 * Keel's demand forecasting engine (issue 5): pure functions over daily unit sales.
 * See docs/forecasting.md for how the pieces fit together.
 */
export {
  naive,
  seasonalNaive,
  movingAverage,
  movingAverageModel,
  MOVING_AVERAGE_WINDOW,
} from "./baselines.ts";
export { classifyDemand, ADI_CUTOFF, CV2_CUTOFF, type DemandClass, type DemandProfile } from "./classify.ts";
export { ets, etsModel, simulateEts } from "./ets-model.ts";
export {
  fitEts,
  fitEtsModel,
  forecastEts,
  refilterEts,
  etsCandidates,
  etsLabel,
  parseEtsCode,
  type EtsFit,
  type EtsForecast,
  type EtsOptions,
} from "./ets.ts";
export { croston, crostonModel, sba, tsb, adida, type RateFit } from "./intermittent.ts";
export { DEFAULT_LEVELS, normalIntervals, errorQuantileIntervals, normaliseLevels } from "./intervals.ts";
export {
  leadTimeDemand,
  zeroLeadTimeDemand,
  DEFAULT_PROBABILITIES,
  type LeadTimeDemand,
  type LeadTimeOptions,
} from "./lead-time.ts";
export {
  forecastDemand,
  selectModel,
  AUTO_ETS,
  type AutoForecast,
  type AutoOptions,
  type BacktestReport,
  type CandidateScore,
  type Selection,
} from "./select.ts";
export { cleanDemandHistory, type CleanedHistory, type DemandHistory } from "./series.ts";
export type {
  DemandForecast,
  DemandModel,
  EtsComponents,
  ModelOptions,
  Outcome,
  PredictionInterval,
} from "./types.ts";
