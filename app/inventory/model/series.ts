/**
 * Input cleaning for daily unit sales before any model sees them. Sales are a censored, noisy record of
 * demand: a day out of stock sold nothing because there was nothing to sell, a return is not negative
 * demand, and one wholesale order can dwarf a year of ordinary days. Each adjustment is counted and
 * reported so a merchant can see why the forecast differs from the raw history.
 */
import { sortedQuantile } from "./stats.ts";

export interface DemandHistory {
  /** Units sold per day, oldest first; NaN (or any non-finite value) marks a day with no record. */
  quantities: readonly number[];
  /** Per day: false when the item was out of stock (sales that day do not measure demand). */
  inStock?: readonly (boolean | null | undefined)[];
  /** Seasonal period in days used to impute missing days from the same weekday (default 7). */
  seasonLength?: number;
}

export interface CleanedHistory {
  /** Demand per day, non-negative and finite, starting at the first day with a sale. */
  values: number[];
  /** Days dropped from the start because the item had not sold yet (a new product). */
  leadingDaysDropped: number;
  negativesZeroed: number;
  /** Out-of-stock or unrecorded days whose demand was imputed. */
  daysImputed: number;
  /** Days capped as extreme outliers, and the cap used. */
  outliersCapped: number;
  outlierCap: number | null;
  notes: string[];
}

/** Positive demands needed before outliers are judged; fewer than this and nothing is capped. */
const MIN_DAYS_FOR_OUTLIERS = 10;
/** Cap = median + 10 × max(IQR, median) of the non-zero demands: only truly extreme days are touched. */
const OUTLIER_SPREADS = 10;
/** Same-weekday observations averaged to impute a missing day. */
const IMPUTATION_WEEKS = 4;

/**
 * Cleans a daily sales history into a demand series.
 * @example
 * cleanDemandHistory({ quantities: [0, 0, 3, -1, 4], inStock: [true, true, true, true, false] })
 */
export function cleanDemandHistory(history: DemandHistory): CleanedHistory {
  const m = Math.max(1, Math.round(history.seasonLength ?? 7));
  const notes: string[] = [];
  let negativesZeroed = 0;
  // null marks a day whose demand is unknown.
  const observed: (number | null)[] = history.quantities.map((q, t) => {
    if (history.inStock?.[t] === false) return null;
    if (!Number.isFinite(q)) return null;
    if (q < 0) {
      negativesZeroed++;
      return 0;
    }
    return q;
  });
  if (negativesZeroed > 0) notes.push(`${negativesZeroed} negative day(s) (returns) counted as zero demand`);

  const firstSale = observed.findIndex((q) => q !== null && q > 0);
  if (firstSale < 0) {
    const note = observed.length === 0 ? "no history" : "no sales in the history";
    return {
      values: observed.map(() => 0),
      leadingDaysDropped: 0,
      negativesZeroed,
      daysImputed: 0,
      outliersCapped: 0,
      outlierCap: null,
      notes: [...notes, note],
    };
  }
  if (firstSale > 0) notes.push(`${firstSale} day(s) before the first sale ignored`);
  const kept = observed.slice(firstSale);

  // Impute unknown days from the same weekday in the surrounding weeks (previous first, then later ones).
  let daysImputed = 0;
  const known = kept.filter((q): q is number => q !== null);
  const overall = known.reduce((a, b) => a + b, 0) / known.length;
  const values = kept.map((q, t) => {
    if (q !== null) return q;
    daysImputed++;
    const sameWeekday: number[] = [];
    for (
      let k = 1;
      sameWeekday.length < IMPUTATION_WEEKS && (t - k * m >= 0 || t + k * m < kept.length);
      k++
    ) {
      const before = kept[t - k * m];
      const after = kept[t + k * m];
      if (t - k * m >= 0 && before !== null && before !== undefined) sameWeekday.push(before);
      if (sameWeekday.length < IMPUTATION_WEEKS && after !== null && after !== undefined)
        sameWeekday.push(after);
    }
    return sameWeekday.length > 0 ? sameWeekday.reduce((a, b) => a + b, 0) / sameWeekday.length : overall;
  });
  if (daysImputed > 0)
    notes.push(`${daysImputed} out-of-stock or missing day(s) imputed from the same weekday`);

  let outliersCapped = 0;
  let outlierCap: number | null = null;
  const positive = Float64Array.from(values.filter((v) => v > 0)).sort();
  if (positive.length >= MIN_DAYS_FOR_OUTLIERS) {
    const median = sortedQuantile(positive, 0.5);
    const iqr = sortedQuantile(positive, 0.75) - sortedQuantile(positive, 0.25);
    outlierCap = median + OUTLIER_SPREADS * Math.max(iqr, median);
    for (let t = 0; t < values.length; t++) {
      if (values[t] > outlierCap) {
        values[t] = outlierCap;
        outliersCapped++;
      }
    }
    if (outliersCapped > 0)
      notes.push(`${outliersCapped} extreme day(s) capped at ${outlierCap.toFixed(1)} units`);
  }
  return {
    values,
    leadingDaysDropped: firstSale,
    negativesZeroed,
    daysImputed,
    outliersCapped,
    outlierCap,
    notes,
  };
}
