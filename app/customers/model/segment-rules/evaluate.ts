/**
 * Evaluates a parsed segment rule over customer profiles and explains each match: the conditions that held,
 * each with the customer's actual value, so a merchant can see why a customer is in a segment.
 */
import type { CustomerProfile } from "../profiles.ts";
import { FIELDS } from "./fields.ts";
import { formatRule, type RuleNode } from "./parser.ts";

export interface Evaluation {
  matched: boolean;
  /**
   * For a match: the conditions that made it true. For a miss: the conditions that made it false.
   * Each reads like `orders >= 3 (orders is 5)`; a condition under NOT is prefixed with `NOT`.
   */
  reasons: string[];
}

function show(value: number | string | readonly string[]): string {
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === "string") return JSON.stringify(value);
  return value.length === 0 ? "no tags" : value.map((v) => JSON.stringify(v)).join(", ");
}

function compare(actual: number | string, operator: string, expected: number | string): boolean {
  switch (operator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    default:
      return actual >= expected;
  }
}

/** Tags compare without regard to case or surrounding spaces, as Shopify treats customer tags. */
const normaliseTag = (tag: string): string => tag.trim().toLowerCase();

function holds(node: Extract<RuleNode, { kind: "compare" | "in" }>, profile: CustomerProfile): boolean {
  const field = FIELDS.get(node.field);
  if (!field) return false;
  const actual = field.read(profile);
  if (field.type === "tags") {
    const tags = new Set((actual as readonly string[]).map(normaliseTag));
    const wanted = node.kind === "in" ? node.values : [node.value];
    const has = wanted.some((v) => tags.has(normaliseTag(String(v))));
    if (node.kind === "in") return node.negated ? !has : has;
    return node.operator === "=" ? has : !has;
  }
  const value = actual as number | string;
  if (node.kind === "in") {
    const inList = node.values.some((v) => v === value);
    return node.negated ? !inList : inList;
  }
  return compare(value, node.operator, node.value);
}

function evaluateNode(node: RuleNode, profile: CustomerProfile): Evaluation {
  switch (node.kind) {
    case "compare":
    case "in": {
      const field = FIELDS.get(node.field);
      const actual = field ? show(field.read(profile)) : "unknown";
      const verb = field?.type === "tags" ? "has" : "is";
      return {
        matched: holds(node, profile),
        reasons: [`${formatRule(node)} (${node.field} ${verb} ${actual})`],
      };
    }
    case "not": {
      const inner = evaluateNode(node.operand, profile);
      return { matched: !inner.matched, reasons: inner.reasons.map((r) => `NOT ${r}`) };
    }
    case "and":
    case "or": {
      const left = evaluateNode(node.left, profile);
      const right = evaluateNode(node.right, profile);
      const matched = node.kind === "and" ? left.matched && right.matched : left.matched || right.matched;
      // Keep the sides that decided the outcome: for a true AND or a false OR both sides; otherwise the
      // sides whose value equals the outcome (the failing side of an AND, the holding side of an OR).
      const reasons = [left, right]
        .filter((side) => side.matched === matched)
        .flatMap((side) => side.reasons);
      return { matched, reasons };
    }
  }
}

/**
 * Evaluates a rule for one customer.
 * @example
 * const r = parseRule("orders >= 3 AND predicted_clv > 200");
 * if (r.ok) evaluateRule(r.rule, profile); // { matched: true, reasons: ["orders >= 3 (orders is 5)", "predicted_clv > 200 (predicted_clv is 310.4)"] }
 */
export function evaluateRule(rule: RuleNode, profile: CustomerProfile): Evaluation {
  return evaluateNode(rule, profile);
}

export interface SegmentMember {
  profile: CustomerProfile;
  /** The conditions that held for this customer. */
  explanation: string[];
}

/** The profiles a rule matches, each with its explanation, in input order. */
export function selectSegment(rule: RuleNode, profiles: ReadonlyArray<CustomerProfile>): SegmentMember[] {
  const members: SegmentMember[] = [];
  for (const profile of profiles) {
    const e = evaluateNode(rule, profile);
    if (e.matched) members.push({ profile, explanation: e.reasons });
  }
  return members;
}
