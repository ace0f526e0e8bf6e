/**
 * The customer-profile fields a segment rule can name, their types, and how to read them from a profile.
 * The names are the merchant's words, in snake_case as in Shopify's own segment editor.
 */
import type { CustomerProfile } from "../profiles.ts";
import { RFM_GROUPS } from "../rfm.ts";

export type FieldType = "number" | "enum" | "tags";

export interface FieldDefinition {
  name: string;
  type: FieldType;
  description: string;
  /** Allowed values of an enum field, in their canonical spelling. */
  values?: readonly string[];
  read: (p: CustomerProfile) => number | string | readonly string[];
}

const FIELD_LIST: FieldDefinition[] = [
  { name: "orders", type: "number", description: "number of orders", read: (p) => p.orders },
  {
    name: "repeat_purchases",
    type: "number",
    description: "purchase days after the first (the models' frequency)",
    read: (p) => p.frequency,
  },
  { name: "total_spent", type: "number", description: "total spent, all orders", read: (p) => p.totalSpent },
  {
    name: "average_order_value",
    type: "number",
    description: "total spent / orders",
    read: (p) => (p.orders > 0 ? p.totalSpent / p.orders : 0),
  },
  {
    name: "days_since_last_order",
    type: "number",
    description: "days since the last order",
    read: (p) => p.daysSinceLastOrder,
  },
  {
    name: "days_since_first_order",
    type: "number",
    description: "days since the first order",
    read: (p) => p.daysSinceFirstOrder,
  },
  { name: "r_score", type: "number", description: "RFM recency score, 1-5", read: (p) => p.rScore },
  { name: "f_score", type: "number", description: "RFM frequency score, 1-5", read: (p) => p.fScore },
  { name: "m_score", type: "number", description: "RFM monetary score, 1-5", read: (p) => p.mScore },
  {
    name: "rfm_group",
    type: "enum",
    values: RFM_GROUPS,
    description: "Keel's RFM group",
    read: (p) => p.rfmGroup,
  },
  {
    name: "p_alive",
    type: "number",
    description: "probability the customer is still active",
    read: (p) => p.probabilityAlive,
  },
  { name: "churn_risk", type: "number", description: "1 - p_alive", read: (p) => p.churnRisk },
  {
    name: "expected_purchases",
    type: "number",
    description: "expected purchases over the horizon",
    read: (p) => p.expectedPurchases,
  },
  {
    name: "expected_spend",
    type: "number",
    description: "expected value of a future purchase",
    read: (p) => p.expectedSpend,
  },
  {
    name: "predicted_clv",
    type: "number",
    description: "discounted value over the horizon",
    read: (p) => p.predictedClv,
  },
  {
    name: "scoring",
    type: "enum",
    values: ["model", "heuristic"],
    description: "how the customer was scored",
    read: (p) => p.method,
  },
  {
    name: "tag",
    type: "tags",
    description: 'the customer\'s tags (tag = "x" means: has tag x)',
    read: (p) => p.tags,
  },
];

export const FIELDS: ReadonlyMap<string, FieldDefinition> = new Map(FIELD_LIST.map((f) => [f.name, f]));

/** The field names, for error messages and documentation. */
export const FIELD_NAMES: readonly string[] = FIELD_LIST.map((f) => f.name);

/** Edit distance, to suggest the field a merchant probably meant. */
function editDistance(u: string, w: string): number {
  const row = Array.from({ length: w.length + 1 }, (_, j) => j);
  for (let i = 1; i <= u.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= w.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (u[i - 1] === w[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[w.length];
}

/** The known name the input abbreviates, or the closest within a small edit distance, if any. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const prefixOf = candidates.find((c) => name.length >= 3 && c.toLowerCase().startsWith(name.toLowerCase()));
  if (prefixOf) return prefixOf;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 2)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
