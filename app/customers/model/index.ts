/**
 * Keel's customer analytics models: pure functions over plain arrays and numbers (ARCHITECTURE.md).
 * Start with `summariseOrders`, then `analyseCustomers`; see docs/customers.md.
 */
export * from "./types.ts";
export {
  dayIndex,
  summariseDays,
  summariseOrders,
  type CustomerStats,
  type SummaryOptions,
} from "./summary.ts";
export {
  bgnbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  nextPurchaseWait,
  probabilityAlive,
  type BgNbdFit,
} from "./bgnbd.ts";
export { expectedSpend, fitGammaGamma, type GammaGammaFit, type RepeatSpend } from "./gamma-gamma.ts";
export { clvSchedule, discountedExpectedPurchases, type ClvOptions, type ClvSchedule } from "./clv.ts";
export {
  quintileScores,
  rfmGroup,
  rfmScores,
  RFM_GROUPS,
  type RfmGroup,
  type RfmInput,
  type RfmScore,
} from "./rfm.ts";
export {
  assessRepeatData,
  heuristicScore,
  shopRates,
  TRUST_THRESHOLDS,
  type TrustAssessment,
} from "./small-shop.ts";
export { monthlyCohorts, type Cohort, type CohortMonth } from "./cohorts.ts";
export {
  analyseCustomers,
  buildProfiles,
  fitModels,
  scoreCustomer,
  type Analysis,
  type AnalysisOptions,
  type CustomerProfile,
  type CustomerScore,
  type FittedModels,
} from "./profiles.ts";
export * from "./segment-rules/index.ts";
