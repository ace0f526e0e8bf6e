/**
 * RFM: quintile scores for recency, frequency and monetary value, and the named groups of a documented
 * 5 × 5 grid over the recency score and the mean of the frequency and monetary scores (docs/customers.md).
 */

/** What RFM needs of a customer. */
export interface RfmInput {
  /** Days from the last order to the as-of date: fewer is better. */
  daysSinceLastOrder: number;
  /** Purchases (distinct purchase days, the first included): more is better. */
  purchases: number;
  /** Total spent: more is better. */
  totalSpent: number;
}

export const RFM_GROUPS = [
  "Champions",
  "Loyal",
  "Potential loyalist",
  "New",
  "Promising",
  "Needs attention",
  "About to sleep",
  "At risk",
  "Cannot lose them",
  "Hibernating",
  "Lost",
] as const;

export type RfmGroup = (typeof RFM_GROUPS)[number];

export interface RfmScore {
  rScore: number;
  fScore: number;
  mScore: number;
  group: RfmGroup;
}

/**
 * Rows: recency score 5 (most recent) down to 1; columns: FM score 1 to 5, where FM is the mean of the
 * frequency and monetary scores rounded half up. Recent buyers split by value (New → Champions); lapsed
 * buyers split by what is at stake (Lost → Cannot lose them).
 */
const GRID: Record<number, RfmGroup[]> = {
  5: ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"],
  4: ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Champions"],
  3: ["About to sleep", "About to sleep", "Needs attention", "Loyal", "Loyal"],
  2: ["Hibernating", "Hibernating", "At risk", "At risk", "Cannot lose them"],
  1: ["Lost", "Lost", "Hibernating", "At risk", "Cannot lose them"],
};

/** The named group of a recency score and frequency / monetary scores (each 1 to 5). */
export function rfmGroup(rScore: number, fScore: number, mScore: number): RfmGroup {
  const fm = Math.min(5, Math.max(1, Math.floor((fScore + mScore) / 2 + 0.5)));
  return GRID[Math.min(5, Math.max(1, rScore))][fm - 1];
}

/**
 * Quintile scores 1..5 of a list of values, higher value → higher score. Ties are scored by their mid-rank
 * (every equal value gets the quintile that contains the middle of its run), so the result does not depend
 * on the input order: customers with the same value always share a score.
 */
export function quintileScores(values: ReadonlyArray<number>): number[] {
  const n = values.length;
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const scores = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const midRankShare = (start + (end - start) / 2) / n;
    const score = Math.min(5, 1 + Math.floor(5 * midRankShare));
    for (let k = start; k < end; k++) scores[order[k]] = score;
    start = end;
  }
  return scores;
}

/**
 * Scores every customer and names their group. Recency is scored on the negated days since the last order,
 * so the most recent fifth scores 5.
 * @example
 * rfmScores([{ daysSinceLastOrder: 3, purchases: 9, totalSpent: 900 }, ...]); // [{ rScore: 5, ..., group: "Champions" }]
 */
export function rfmScores(customers: ReadonlyArray<RfmInput>): RfmScore[] {
  const r = quintileScores(customers.map((c) => -c.daysSinceLastOrder));
  const f = quintileScores(customers.map((c) => c.purchases));
  const m = quintileScores(customers.map((c) => c.totalSpent));
  return customers.map((_, i) => ({
    rScore: r[i],
    fScore: f[i],
    mScore: m[i],
    group: rfmGroup(r[i], f[i], m[i]),
  }));
}
