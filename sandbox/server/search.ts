/**
 * The `query:` argument of Admin API connections, Shopify's search syntax, for the fields the app filters on:
 * `updated_at:>'2025-01-01T00:00:00Z'`, `created_at:<=2025-02-01`, `processed_at:>=...`, `id:>123`,
 * `status:active`, `tag:vip`, `email:...`, `sku:...`, `title:...`, terms joined by spaces or AND, groups by OR,
 * negated with `-` or NOT. Like Shopify, an unknown field does not fail the query: it is ignored and reported
 * as a search warning (Shopify answers those in `extensions.search`).
 */

type Comparator = ":" | ">" | ">=" | "<" | "<=";

interface Term {
  field: string;
  comparator: Comparator;
  value: string;
  negated: boolean;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export interface CompiledSearch {
  matches(node: Record<string, unknown>): boolean;
  warnings: SearchWarning[];
}

const DATE_FIELDS: Record<string, string> = {
  updated_at: "updatedAt",
  created_at: "createdAt",
  processed_at: "processedAt",
};
const TEXT_FIELDS: Record<string, string> = { email: "email", sku: "sku", title: "title", name: "name" };

const TOKEN = /\s*(-?)([A-Za-z_]+):(>=|<=|>|<)?('[^']*'|"[^"]*"|\S+)|\s*(\S+)/y;

/** Parses a Shopify search string into a predicate over store objects. */
export function compileSearch(query: string): CompiledSearch {
  const warnings: SearchWarning[] = [];
  const groups: Term[][] = [[]];
  let negateNext = false;
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (TOKEN.lastIndex < query.length && (match = TOKEN.exec(query))) {
    if (match[5] !== undefined) {
      const word = match[5];
      if (word === "AND") continue;
      if (word === "OR") groups.push([]);
      else if (word === "NOT") negateNext = true;
      else
        warnings.push({
          field: "default",
          message: `Free-text search "${word}" is not supported by the sandbox.`,
        });
      continue;
    }
    const field = match[2].toLowerCase();
    const term: Term = {
      field,
      comparator: (match[3] as Comparator | undefined) ?? ":",
      value: match[4].replace(/^(['"])(.*)\1$/, "$2"),
      negated: match[1] === "-" || negateNext,
    };
    negateNext = false;
    if (!isKnownField(field)) {
      warnings.push({ field, message: "Invalid search field for this query." });
      continue;
    }
    groups[groups.length - 1].push(term);
  }
  const live = groups.filter((group) => group.length > 0);
  return {
    warnings,
    matches: (node) =>
      live.length === 0 || live.some((group) => group.every((term) => termMatches(term, node))),
  };
}

function isKnownField(field: string): boolean {
  return (
    field in DATE_FIELDS || field in TEXT_FIELDS || field === "id" || field === "status" || field === "tag"
  );
}

function termMatches(term: Term, node: Record<string, unknown>): boolean {
  const result = positiveMatch(term, node);
  return term.negated ? !result : result;
}

function positiveMatch(term: Term, node: Record<string, unknown>): boolean {
  if (term.field in DATE_FIELDS) {
    const raw = node[DATE_FIELDS[term.field]];
    if (typeof raw !== "string") return false;
    return compare(Date.parse(raw), Date.parse(term.value), term.comparator);
  }
  if (term.field === "id") {
    const id = typeof node.id === "string" ? numericId(node.id) : null;
    if (id === null || !/^\d+$/.test(term.value)) return false;
    const wanted = BigInt(term.value);
    return compare(id < wanted ? -1 : id > wanted ? 1 : 0, 0, term.comparator);
  }
  if (term.field === "tag") {
    const tags = Array.isArray(node.tags) ? (node.tags as string[]) : [];
    return tags.some((tag) => tag.toLowerCase() === term.value.toLowerCase());
  }
  const property = term.field === "status" ? "status" : TEXT_FIELDS[term.field];
  const value = node[property];
  if (typeof value !== "string") return false;
  // Shopify's text search is case-insensitive; `*` at the end is a prefix search.
  const wanted = term.value.toLowerCase();
  const actual = value.toLowerCase();
  return wanted.endsWith("*") ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
}

function compare(actual: number, wanted: number, comparator: Comparator): boolean {
  if (Number.isNaN(actual) || Number.isNaN(wanted)) return false;
  switch (comparator) {
    case ":":
      return actual === wanted;
    case ">":
      return actual > wanted;
    case ">=":
      return actual >= wanted;
    case "<":
      return actual < wanted;
    case "<=":
      return actual <= wanted;
  }
}

/** The numeric part of a global id as a BigInt (Shopify ids can exceed 2^53). */
export function numericId(gid: string): bigint | null {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)/.exec(gid);
  return match ? BigInt(match[1]) : null;
}
