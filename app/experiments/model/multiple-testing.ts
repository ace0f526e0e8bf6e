/**
 * Adjusting p-values when many variants and metrics are tested at once. Both procedures are valid for
 * anytime-valid p-values too (they only need each p-value to be valid), so they apply to the sequential
 * results as well.
 */

function orderOf(pValues: number[]): number[] {
  return pValues.map((_, index) => index).sort((a, b) => pValues[a] - pValues[b]);
}

/**
 * Holm–Bonferroni step-down adjusted p-values (Holm 1979), controlling the family-wise error rate under
 * any dependence: p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) p₍ⱼ₎). Same as statsmodels'
 * `multipletests(p, method="holm")`.
 * @example holmAdjust([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: number[]): number[] {
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  let running = 0;
  orderOf(pValues).forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg step-up adjusted p-values (Benjamini & Hochberg 1995), controlling the false
 * discovery rate for independent or positively dependent tests: p̃₍ᵢ₎ = min_{j ≥ i} min(1, m p₍ⱼ₎ / j).
 * Same as statsmodels' `multipletests(p, method="fdr_bh")`.
 * @example benjaminiHochbergAdjust([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochbergAdjust(pValues: number[]): number[] {
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  const order = orderOf(pValues);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank];
    running = Math.min(running, (m * pValues[index]) / (rank + 1));
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}

/** Which correction to apply across all comparisons of an analysis. */
export type Correction = "none" | "holm" | "benjamini-hochberg";

/** Apply a correction by name. */
export function adjustPValues(pValues: number[], correction: Correction): number[] {
  if (correction === "holm") return holmAdjust(pValues);
  if (correction === "benjamini-hochberg") return benjaminiHochbergAdjust(pValues);
  return pValues.slice();
}
