/**
 * Reference values written by scripts/reference/customers/rfm_cohorts_reference.py (python3 with
 * scipy.stats.rankdata; re-run with `python3 scripts/reference/customers/rfm_cohorts_reference.py`).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface RfmCohortsReference {
  rfm: {
    customers: number;
    groupCounts: Record<string, number>;
    first: { id: string; r: number; f: number; m: number; group: string }[];
  };
  cohorts: { cohort: string; customers: number; active: number[]; revenue: number[] }[];
  heuristic: {
    pooledRate: number;
    pooledSpend: number;
    horizonWeeks: number;
    annualRate: number;
    customers: {
      frequency: number;
      recency: number;
      T: number;
      monetary: number;
      probabilityAlive: number;
      expectedPurchases: number;
      expectedSpend: number;
      discountedPurchases: number;
    }[];
  };
}

export function rfmCohortsReference(): RfmCohortsReference {
  return JSON.parse(
    readFileSync(`${root}test/fixtures/customers/rfm-cohorts-reference.json`, "utf8"),
  ) as RfmCohortsReference;
}
