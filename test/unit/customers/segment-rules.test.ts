import { describe, expect, it } from "vitest";
import type { CustomerProfile } from "~/customers/model/profiles.ts";
import {
  evaluateRule,
  formatRule,
  parseRule,
  selectSegment,
  toShopifySegmentQuery,
  type RuleNode,
} from "~/customers/model/segment-rules/index.ts";

function profile(overrides: Partial<CustomerProfile>): CustomerProfile {
  return {
    customerId: "c1",
    frequency: 4,
    recency: 200,
    T: 300,
    monetary: 80,
    orders: 5,
    totalSpent: 450,
    firstOrderMs: 0,
    lastOrderMs: 0,
    probabilityAlive: 0.4,
    churnRisk: 0.6,
    expectedPurchases: 1.2,
    expectedSpend: 85,
    predictedClv: 310.4,
    expectedNextOrderMs: null,
    method: "model",
    daysSinceLastOrder: 100,
    daysSinceFirstOrder: 300,
    rScore: 2,
    fScore: 5,
    mScore: 5,
    rfmGroup: "Cannot lose them",
    tags: ["Wholesale", "vip"],
    ...overrides,
  };
}

function parsed(source: string): RuleNode {
  const r = parseRule(source);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.column}`);
  return r.rule;
}

describe("parsing", () => {
  it("parses the issue's example with AND binding tighter than OR", () => {
    const rule = parsed(
      'orders >= 3 AND days_since_last_order > 90 AND predicted_clv > 200 AND tag = "wholesale"',
    );
    expect(formatRule(rule)).toBe(
      'orders >= 3 AND days_since_last_order > 90 AND predicted_clv > 200 AND tag = "wholesale"',
    );
    const mixed = parsed("orders > 1 or p_alive < 0.5 and not (r_score in (1, 2))");
    expect(mixed.kind).toBe("or");
    expect(formatRule(mixed)).toBe("orders > 1 OR p_alive < 0.5 AND NOT r_score IN (1, 2)");
  });

  it("accepts keywords in any case, single quotes and enum values in any case", () => {
    const rule = parsed("rfm_group In ('champions', \"AT RISK\") AnD tag NOT IN ('x')");
    expect(formatRule(rule)).toBe('rfm_group IN ("Champions", "At risk") AND tag NOT IN ("x")');
  });

  it.each([
    ["orders >= ", 10, "orders is a number, so the value must be a number; found end of rule", ["a number"]],
    ["orders >= 3 AND", 15, "expected a field name, found end of rule", ["a field name", "NOT", "("]],
    ["ordres >= 3", 0, 'unknown field "ordres" (did you mean "orders"?)', undefined],
    ["orders 3", 7, "expected a comparison after orders", ["=", "!=", "<", "<=", ">", ">=", "IN", "NOT IN"]],
    ['tag > "x"', 4, "tag is text: compare it with = or != or IN, not >", ["=", "!=", "IN", "NOT IN"]],
    [
      "tag = wholesale",
      6,
      'tag takes a quoted text value; found wholesale (put text in quotes: "wholesale")',
      ["a quoted text value"],
    ],
    [
      'rfm_group = "Champs"',
      12,
      '"Champs" is not a value of rfm_group (did you mean "Champions"?)',
      undefined,
    ],
    [
      "(orders > 1 OR orders < 0",
      25,
      'expected ")" to close the "(" at line 1, column 1',
      [")", "AND", "OR"],
    ],
    ["orders > 1)", 10, 'this ")" has no matching "("', ["AND", "OR", "end of rule"]],
    ["orders > 1 orders < 2", 11, "expected AND or OR before orders", ["AND", "OR", "end of rule"]],
    ['tag = "unclosed', 6, 'the text starting here is never closed with "', ['"']],
    ["orders ! 1", 7, '"!" must be followed by "=" (write != for "not equal")', ["!="]],
    ["orders >= 3 & tag = 'x'", 12, 'unexpected character "&"', undefined],
    ["r_score IN 1", 11, 'expected "(" to open the list of values after IN', ["("]],
    ["", 0, "the rule is empty", undefined],
  ] as [string, number, string, string[] | undefined][])(
    "reports %j at offset %i",
    (source, offset, message, expected) => {
      const r = parseRule(source);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.message).toBe(message);
      expect(r.error.offset).toBe(offset);
      expect(r.error.column).toBe(offset + 1);
      if (expected) expect(r.error.expected).toEqual(expected);
    },
  );

  it("gives line and column on multi-line rules and lists the fields for an unknown one", () => {
    const r = parseRule("orders >= 3\nAND lifetime > 2");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.error.line, r.error.column, r.error.found]).toEqual([2, 5, "lifetime"]);
    expect(r.error.expected).toContain("predicted_clv");
  });
});

describe("evaluation with explanations", () => {
  it("explains a match by the conditions that held, with the customer's values", () => {
    const rule = parsed(
      'orders >= 3 AND days_since_last_order > 90 AND predicted_clv > 200 AND tag = "wholesale"',
    );
    expect(evaluateRule(rule, profile({}))).toEqual({
      matched: true,
      reasons: [
        "orders >= 3 (orders is 5)",
        "days_since_last_order > 90 (days_since_last_order is 100)",
        "predicted_clv > 200 (predicted_clv is 310.4)",
        'tag = "wholesale" (tag has "Wholesale", "vip")',
      ],
    });
  });

  it("explains a miss by the conditions that failed", () => {
    const rule = parsed("orders >= 3 AND p_alive > 0.5");
    expect(evaluateRule(rule, profile({}))).toEqual({
      matched: false,
      reasons: ["p_alive > 0.5 (p_alive is 0.4)"],
    });
  });

  it("keeps only the branches of an OR that held, and words NOT", () => {
    const rule = parsed('orders < 2 OR rfm_group = "Cannot lose them" OR NOT tag IN ("banned")');
    expect(evaluateRule(rule, profile({}))).toEqual({
      matched: true,
      reasons: [
        'rfm_group = "Cannot lose them" (rfm_group is "Cannot lose them")',
        'NOT tag IN ("banned") (tag has "Wholesale", "vip")',
      ],
    });
  });

  it("treats tag != and NOT IN as not having the tag, and selects members in order", () => {
    const rule = parsed('tag != "vip" AND scoring = "heuristic"');
    const members = selectSegment(rule, [
      profile({ customerId: "a", tags: ["vip"], method: "heuristic" }),
      profile({ customerId: "b", tags: [], method: "heuristic" }),
      profile({ customerId: "c", tags: [], method: "model" }),
    ]);
    expect(members.map((m) => [m.profile.customerId, m.explanation])).toEqual([
      ["b", ['tag != "vip" (tag has no tags)', 'scoring = "heuristic" (scoring is "heuristic")']],
    ]);
  });
});

describe("rendering to Shopify's segment query language", () => {
  it.each([
    [
      'orders >= 3 AND days_since_last_order > 90 AND tag = "wholesale"',
      "number_of_orders >= 3 AND last_order_date < -90d AND customer_tags CONTAINS 'wholesale'",
    ],
    ["NOT (orders > 1 AND total_spent <= 100)", "number_of_orders <= 1 OR amount_spent > 100"],
    [
      "(orders = 1 OR orders > 5) AND days_since_first_order <= 30",
      "(number_of_orders = 1 OR number_of_orders > 5) AND first_order_date >= -30d",
    ],
    ['tag NOT IN ("a", "b\'c")', "customer_tags NOT CONTAINS 'a' AND customer_tags NOT CONTAINS 'b\\'c'"],
    ["days_since_last_order < 7.5", "last_order_date > -8d"],
  ])("renders %j", (source, query) => {
    expect(toShopifySegmentQuery(parsed(source))).toEqual({ ok: true, query });
  });

  it("refuses fields Shopify does not have, naming them", () => {
    expect(toShopifySegmentQuery(parsed('predicted_clv > 200 AND rfm_group = "Lost"'))).toEqual({
      ok: false,
      reason: "Shopify's segment language has no equivalent of: predicted_clv, rfm_group",
    });
  });
});
