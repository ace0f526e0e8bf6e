/**
 * The customer analytics pipeline: fit BG/NBD and Gamma-Gamma on the summaries, decide whether the fit is
 * trusted (small-shop rule), score every customer (P(alive), expected purchases, CLV, next order) and add
 * the RFM scores. Fitting and scoring are separate so that scoring can be spread over workers.
 */
import {
  conditionalExpectedPurchases,
  fitBgNbd,
  nextPurchaseWait,
  probabilityAlive,
  type BgNbdFit,
} from "./bgnbd.ts";
import { clvSchedule, discountedExpectedPurchases, type ClvSchedule } from "./clv.ts";
import { expectedSpend, fitGammaGamma, type GammaGammaFit } from "./gamma-gamma.ts";
import { rfmScores, type RfmGroup } from "./rfm.ts";
import {
  assessRepeatData,
  heuristicScore,
  shopRates,
  type ShopRates,
  type TrustAssessment,
} from "./small-shop.ts";
import { MS_PER_DAY, unitDays, type CustomerSummary, type Result, type TimeUnit } from "./types.ts";

export interface AnalysisOptions {
  asOfMs: number;
  unit: TimeUnit;
  /** Horizon for expected purchases and CLV, in units. */
  horizon: number;
  /** Annual discount rate for CLV. */
  annualDiscountRate: number;
}

/** Everything shop-wide that scoring a customer needs; plain data, so it can be sent to a worker. */
export interface FittedModels {
  bgnbd?: BgNbdFit;
  gammaGamma?: GammaGammaFit;
  trust: TrustAssessment;
  /** Things a merchant should know about a trusted fit (e.g. the data show almost no dropout). */
  warnings: string[];
  rates: ShopRates;
  schedule: ClvSchedule;
}

/** How a customer was scored: by the fitted models, or by the small-shop heuristic. */
export type ScoringMethod = "model" | "heuristic";

export interface CustomerScore {
  probabilityAlive: number;
  /** 1 - P(alive). */
  churnRisk: number;
  expectedPurchases: number;
  expectedSpend: number;
  predictedClv: number;
  /** Expected date of the next order if the customer is still active; null when the mean wait is infinite. */
  expectedNextOrderMs: number | null;
  method: ScoringMethod;
}

export interface CustomerProfile extends CustomerSummary, CustomerScore {
  daysSinceLastOrder: number;
  daysSinceFirstOrder: number;
  rScore: number;
  fScore: number;
  mScore: number;
  rfmGroup: RfmGroup;
  tags: string[];
}

/** Fits both models and applies the small-shop rule. */
export function fitModels(
  customers: ReadonlyArray<CustomerSummary>,
  options: AnalysisOptions,
): Result<FittedModels> {
  const schedule = clvSchedule(options);
  if (!schedule.ok) return schedule;
  const bgnbd = fitBgNbd(customers);
  const gammaGamma = fitGammaGamma(customers);
  const problems: string[] = [];
  if (!bgnbd.ok) problems.push(`BG/NBD: ${bgnbd.reason}`);
  else if (!bgnbd.converged) problems.push("BG/NBD: the fit did not converge");
  if (!gammaGamma.ok) problems.push(`Gamma-Gamma: ${gammaGamma.reason}`);
  else if (!(gammaGamma.params.q > 1)) problems.push("Gamma-Gamma: q ≤ 1, the mean spend is infinite");
  return {
    ok: true,
    warnings: fitWarnings(bgnbd.ok ? bgnbd : undefined, gammaGamma.ok ? gammaGamma : undefined),
    bgnbd: bgnbd.ok ? bgnbd : undefined,
    gammaGamma: gammaGamma.ok ? gammaGamma : undefined,
    trust: assessRepeatData(customers, options.unit, problems),
    rates: shopRates(customers),
    schedule: { stepEnds: schedule.stepEnds, discountFactors: schedule.discountFactors },
  };
}

/**
 * Warnings about fits that are valid maxima but limit what the scores mean: a dropout estimate at the
 * boundary (a → 0, seen on Online Retail, confirmed by scripts/reference/customers/online_retail_fit.py)
 * makes P(alive) ≈ 1 for everyone; Gamma-Gamma assumes spend independent of frequency (Fader & Hardie 2013).
 */
function fitWarnings(bgnbd: BgNbdFit | undefined, gammaGamma: GammaGammaFit | undefined): string[] {
  const warnings: string[] = [];
  if (bgnbd) {
    const { a, b } = bgnbd.params;
    const meanDropout = a / (a + b);
    if (meanDropout < 1e-3) {
      warnings.push(
        `BG/NBD finds almost no dropout (mean dropout probability per purchase ${meanDropout.toExponential(1)}): ` +
          "P(alive) is close to 1 for every customer",
      );
    }
  }
  if (gammaGamma && Math.abs(gammaGamma.frequencySpendCorrelation) > 0.3) {
    warnings.push(
      `spend and frequency are correlated (r = ${gammaGamma.frequencySpendCorrelation.toFixed(2)}); ` +
        "Gamma-Gamma assumes they are independent",
    );
  }
  return warnings;
}

/**
 * Scores one customer with the fitted models when the shop's fit is trusted, and with the small-shop
 * heuristic otherwise or when a model quantity cannot be computed for this customer.
 */
export function scoreCustomer(
  c: CustomerSummary,
  fitted: FittedModels,
  options: AnalysisOptions,
): CustomerScore {
  const daysPerUnit = unitDays(options.unit);
  if (fitted.trust.trusted && fitted.bgnbd && fitted.gammaGamma) {
    const params = fitted.bgnbd.params;
    const spend = expectedSpend(fitted.gammaGamma.params, c);
    const discounted = discountedExpectedPurchases(params, c, fitted.schedule);
    // The schedule's last step ends at the horizon when CLV and purchases share it: reuse that value.
    const steps = fitted.schedule.stepEnds;
    const expected =
      discounted.ok && steps[steps.length - 1] === options.horizon
        ? { ok: true as const, value: discounted.undiscounted }
        : conditionalExpectedPurchases(params, c, options.horizon);
    if (expected.ok && spend.ok && discounted.ok) {
      const alive = probabilityAlive(params, c);
      const wait = nextPurchaseWait(params, c).mean;
      return {
        probabilityAlive: alive,
        churnRisk: 1 - alive,
        expectedPurchases: expected.value,
        expectedSpend: spend.value,
        predictedClv: discounted.value * spend.value,
        expectedNextOrderMs: wait === null ? null : options.asOfMs + wait * daysPerUnit * MS_PER_DAY,
        method: "model",
      };
    }
  }
  const h = heuristicScore(c, fitted.rates, options.horizon, fitted.schedule);
  return {
    probabilityAlive: h.probabilityAlive,
    churnRisk: 1 - h.probabilityAlive,
    expectedPurchases: h.expectedPurchases,
    expectedSpend: h.expectedSpend,
    predictedClv: h.discountedPurchases * h.expectedSpend,
    // A Poisson buyer's expected wait is 1/λ whatever the silence so far (memoryless).
    expectedNextOrderMs: h.rate > 0 ? options.asOfMs + (1 / h.rate) * daysPerUnit * MS_PER_DAY : null,
    method: "heuristic",
  };
}

export interface Analysis {
  fitted: FittedModels;
  profiles: CustomerProfile[];
}

/**
 * Runs the whole pipeline over customer summaries (see summary.ts), returning one profile per customer.
 * @example
 * const a = analyseCustomers(summaries, { asOfMs, unit: "week", horizon: 52, annualDiscountRate: 0.1 });
 * if (a.ok) a.profiles.filter((p) => p.method === "heuristic"); // who got the small-shop fallback
 */
export function analyseCustomers(
  customers: ReadonlyArray<CustomerSummary>,
  options: AnalysisOptions,
  tagsByCustomer: ReadonlyMap<string, string[]> = new Map(),
): Result<Analysis> {
  if (customers.length === 0)
    return { ok: false, reason: "no customers with an order on or before the as-of date" };
  const fitted = fitModels(customers, options);
  if (!fitted.ok) return fitted;
  const scores = customers.map((c) => scoreCustomer(c, fitted, options));
  return { ok: true, fitted, profiles: buildProfiles(customers, scores, options, tagsByCustomer) };
}

/** Joins summaries, scores and RFM into profiles (RFM quintiles need every customer at once). */
export function buildProfiles(
  customers: ReadonlyArray<CustomerSummary>,
  scores: ReadonlyArray<CustomerScore>,
  options: Pick<AnalysisOptions, "asOfMs">,
  tagsByCustomer: ReadonlyMap<string, string[]> = new Map(),
): CustomerProfile[] {
  const asOfDay = Math.floor(options.asOfMs / MS_PER_DAY);
  const days = (ms: number): number => asOfDay - Math.floor(ms / MS_PER_DAY);
  const rfm = rfmScores(
    customers.map((c) => ({
      daysSinceLastOrder: days(c.lastOrderMs),
      purchases: c.frequency + 1,
      totalSpent: c.totalSpent,
    })),
  );
  // Written out field by field: spreading two objects per customer is ten times slower at a million customers.
  return customers.map((c, i) => {
    const s = scores[i];
    return {
      customerId: c.customerId,
      frequency: c.frequency,
      recency: c.recency,
      T: c.T,
      monetary: c.monetary,
      orders: c.orders,
      totalSpent: c.totalSpent,
      firstOrderMs: c.firstOrderMs,
      lastOrderMs: c.lastOrderMs,
      probabilityAlive: s.probabilityAlive,
      churnRisk: s.churnRisk,
      expectedPurchases: s.expectedPurchases,
      expectedSpend: s.expectedSpend,
      predictedClv: s.predictedClv,
      expectedNextOrderMs: s.expectedNextOrderMs,
      method: s.method,
      daysSinceLastOrder: days(c.lastOrderMs),
      daysSinceFirstOrder: days(c.firstOrderMs),
      rScore: rfm[i].rScore,
      fScore: rfm[i].fScore,
      mScore: rfm[i].mScore,
      rfmGroup: rfm[i].group,
      tags: tagsByCustomer.get(c.customerId) ?? [],
    };
  });
}
