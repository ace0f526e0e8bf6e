/** Loads the CDNOW 1/10th sample's raw transactions (data/cdnow/CDNOW_sample.txt) as orders. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Order } from "~/customers/model/types.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export function cdnowSampleOrders(): Order[] {
  return readFileSync(`${root}data/cdnow/CDNOW_sample.txt`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      // original_customer_id sample_customer_id date(YYYYMMDD) number_of_cds dollar_value
      const [, id, date, , dollars] = line.trim().split(/\s+/);
      const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
      return { customerId: id, orderedAtMs: ms, amount: Number(dollars) };
    });
}

/** The calibration period of Fader, Hardie & Lee (2005): 39 weeks ending 1997-09-30. */
export const CDNOW_CALIBRATION_END = Date.UTC(1997, 8, 30);

/** The lifetimes library's summary of the same sample (ID,frequency,recency,T in weeks, 2 decimals). */
export function cdnowPublishedSummary(): { id: number; frequency: number; recency: number; T: number }[] {
  return readFileSync(`${root}data/cdnow/cdnow_customers_summary.csv`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [id, frequency, recency, T] = line.split(",").map(Number);
      return { id, frequency, recency, T };
    });
}

export interface CdnowReference {
  customers: number;
  repeatCustomers: number;
  totalRepeatPurchases: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  conditional: {
    x: number;
    tx: number;
    T: number;
    t: number;
    expectedAtFitted: number;
    expectedAtPublished: number;
    pAliveAtPublished: number;
  }[];
  gammaGamma: Record<string, { customers: number; p: number; q: number; v: number; logLikelihood: number }>;
  hyp2f1: { a: number; b: number; c: number; z: number; logAbsValue: number; sign: number }[];
  logGamma: { x: number; value: number }[];
  digamma: { x: number; value: number }[];
  expectedSpend: { x: number; m: number; value: number }[];
  customer1Clv: {
    id: number;
    expectedSpend: number;
    expectedPurchases52: number;
    clv: number;
    pAlive: number;
  };
  boundaryFit: { params: number[]; cases: { x: number; tx: number; T: number; t: number; value: number }[] };
  unconditional: { t: number; value: number }[];
  nextPurchaseWait: { x: number; T: number; mean: number | null; median: number }[];
  discounted: {
    x: number;
    tx: number;
    T: number;
    horizonWeeks: number;
    annualRate: number;
    value: number;
    undiscounted: number;
  }[];
}

/**
 * Values computed independently by scripts/reference/customers/cdnow_reference.py (python3 with scipy 1.17
 * and mpmath 1.3; re-run with `python3 scripts/reference/customers/cdnow_reference.py` from the root).
 */
export function cdnowReference(): CdnowReference {
  return JSON.parse(
    readFileSync(`${root}test/fixtures/customers/cdnow-reference.json`, "utf8"),
  ) as CdnowReference;
}
