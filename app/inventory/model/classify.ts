/**
 * Demand classification of Syntetos, Boylan & Croston (2005), "On the categorization of demand patterns",
 * JORS 56(5): the average inter-demand interval (ADI) and the squared coefficient of variation of the
 * non-zero demand sizes (CV²), cut at 1.32 and 0.49.
 */

export type DemandClass = "smooth" | "erratic" | "intermittent" | "lumpy" | "no-demand";

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandProfile {
  demandClass: DemandClass;
  /** Average number of days between days with demand (∞ when there is none). */
  adi: number;
  /** Squared coefficient of variation of the non-zero demands (0 with fewer than two). */
  cv2: number;
  /** Days with demand. */
  demandDays: number;
}

/**
 * Classifies a daily demand history.
 * @example
 * classifyDemand([0, 0, 5, 0, 0, 0, 9]).demandClass // "lumpy"
 */
export function classifyDemand(history: readonly number[]): DemandProfile {
  const sizes = history.filter((v) => v > 0);
  if (sizes.length === 0) return { demandClass: "no-demand", adi: Infinity, cv2: 0, demandDays: 0 };
  // ADI as the mean interval between demands, the first counted from the start of the history.
  let lastDemandDay = 0;
  history.forEach((v, t) => {
    if (v > 0) lastDemandDay = t + 1;
  });
  const adi = lastDemandDay / sizes.length;
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const variance = sizes.length > 1 ? sizes.reduce((s, v) => s + (v - mean) ** 2, 0) / (sizes.length - 1) : 0;
  const cv2 = variance / (mean * mean);
  const frequent = adi < ADI_CUTOFF;
  const regular = cv2 < CV2_CUTOFF;
  const demandClass: DemandClass = frequent
    ? regular
      ? "smooth"
      : "erratic"
    : regular
      ? "intermittent"
      : "lumpy";
  return { demandClass, adi, cv2, demandDays: sizes.length };
}
