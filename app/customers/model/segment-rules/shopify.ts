/**
 * Renders a segment rule into Shopify's segment query language (shopify.dev/docs/api/shopifyql/
 * segment-query-language-reference; help.shopify.com customer segment reference guide), where Shopify has
 * a field with the same meaning:
 *   orders                 → number_of_orders
 *   total_spent            → amount_spent
 *   days_since_last_order  → last_order_date, as a relative date (days_since_last_order > 90 ⇔ last_order_date < -90d)
 *   days_since_first_order → first_order_date, likewise
 *   tag = "x"              → customer_tags CONTAINS 'x'
 * Keel's model outputs (p_alive, predicted_clv, Keel's rfm_group, ...) have no Shopify counterpart: Shopify's
 * own rfm_group and predicted_spend_tier are computed differently, so they are not substituted.
 * NOT is pushed down to the conditions (De Morgan) and IN is expanded to OR, so the output uses only
 * comparisons, CONTAINS / NOT CONTAINS, AND, OR and parentheses.
 */
import type { Result } from "../types.ts";
import { formatRule, type ComparisonOperator, type RuleNode } from "./parser.ts";

const NUMBER_FIELDS: Record<string, string> = { orders: "number_of_orders", total_spent: "amount_spent" };
const DAY_FIELDS: Record<string, string> = {
  days_since_last_order: "last_order_date",
  days_since_first_order: "first_order_date",
};

const NEGATED: Record<ComparisonOperator, ComparisonOperator> = {
  "=": "!=",
  "!=": "=",
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
};

// More days since an event means an earlier date: the comparison flips.
const DATE_FOR_DAYS: Record<ComparisonOperator, ComparisonOperator> = {
  "=": "=",
  "!=": "!=",
  "<": ">",
  "<=": ">=",
  ">": "<",
  ">=": "<=",
};

const quote = (text: string): string => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

interface Rendered {
  text: string;
  /** The loosest operator at the top of the text, to know when it needs parentheses. */
  top: "or" | "and" | "atom";
}

const join = (parts: Rendered[], operator: "and" | "or"): Rendered => {
  if (parts.length === 1) return parts[0];
  const texts = parts.map((p) => (operator === "and" && p.top === "or" ? `(${p.text})` : p.text));
  return { text: texts.join(operator === "and" ? " AND " : " OR "), top: operator };
};

/** Renders the node with NOT applied when `negate` is set (De Morgan down to the conditions). */
function render(node: RuleNode, negate: boolean, unsupported: Set<string>): Rendered {
  switch (node.kind) {
    case "not":
      return render(node.operand, !negate, unsupported);
    case "and":
    case "or": {
      const operator = (node.kind === "and") !== negate ? "and" : "or";
      return join(
        [render(node.left, negate, unsupported), render(node.right, negate, unsupported)],
        operator,
      );
    }
    case "in": {
      // x IN (a, b) ⇔ x = a OR x = b;  x NOT IN (a, b) ⇔ x != a AND x != b.
      const negatedIn = node.negated !== negate;
      const parts = node.values.map((value) =>
        renderCondition({ ...node, kind: "compare", operator: negatedIn ? "!=" : "=", value }, unsupported),
      );
      return join(parts, negatedIn ? "and" : "or");
    }
    case "compare":
      return renderCondition(negate ? { ...node, operator: NEGATED[node.operator] } : node, unsupported);
  }
}

function renderCondition(node: Extract<RuleNode, { kind: "compare" }>, unsupported: Set<string>): Rendered {
  const { field, operator, value } = node;
  if (field === "tag") {
    return {
      text: `customer_tags ${operator === "=" ? "CONTAINS" : "NOT CONTAINS"} ${quote(String(value))}`,
      top: "atom",
    };
  }
  if (NUMBER_FIELDS[field]) return { text: `${NUMBER_FIELDS[field]} ${operator} ${value}`, top: "atom" };
  if (DAY_FIELDS[field]) {
    const days = value as number;
    // Shopify's relative dates are whole days; a fractional bound is rounded to select the same whole days.
    const whole = operator === ">" || operator === "<=" ? Math.floor(days) : Math.ceil(days);
    if ((!Number.isInteger(days) && (operator === "=" || operator === "!=")) || whole < 0) {
      unsupported.add(`${formatRule(node)} (needs a whole number of days ≥ 0)`);
    }
    return { text: `${DAY_FIELDS[field]} ${DATE_FOR_DAYS[operator]} -${whole}d`, top: "atom" };
  }
  unsupported.add(field);
  return { text: "", top: "atom" };
}

/**
 * Renders a rule as a Shopify segment query, or says which fields Shopify does not have.
 * @example
 * toShopifySegmentQuery(parse('orders >= 3 AND days_since_last_order > 90 AND tag = "wholesale"').rule)
 * // { ok: true, query: "number_of_orders >= 3 AND last_order_date < -90d AND customer_tags CONTAINS 'wholesale'" }
 */
export function toShopifySegmentQuery(rule: RuleNode): Result<{ query: string }> {
  const unsupported = new Set<string>();
  const query = render(rule, false, unsupported).text;
  if (unsupported.size > 0) {
    return {
      ok: false,
      reason: `Shopify's segment language has no equivalent of: ${[...unsupported].join(", ")}`,
    };
  }
  return { ok: true, query };
}
