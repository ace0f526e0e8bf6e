/**
 * The `query:` argument of Admin API connections, Shopify's search syntax, for the fields the app filters on:
 * `updated_at:>'2025-01-01T00:00:00Z'`, `created_at:<=2025-02-01`, `processed_at:>=...`, `occurred_at:>...`
 * (deletion events), `id:>123`, `status:active`, `tag:vip`, `email:...`, `sku:...`, `title:...`, terms joined
 * by spaces or AND, groups by OR, negated with `-` or NOT. Like Shopify, an unknown field does not fail the
 * query: it is ignored and reported as a search warning (Shopify answers those in `extensions.search`).
 *
 * Which fields a connection accepts is the Admin schema's own word: each `query` argument's description holds a
 * table of its filters (`searchFieldsOf`). Given that table, a field the connection does not list is ignored
 * with Shopify's warning, a listed field the sandbox cannot evaluate is ignored with a warning saying so, and a
 * time filter the schema describes as "matching a whole day" (`customers(query: "updated_at:…")`) compares
 * whole UTC days, not instants.
 */

type Comparator = ":" | ">" | ">=" | "<" | "<=";

interface Term {
  field: string;
  comparator: Comparator;
  value: string;
  negated: boolean;
  /** Compare whole UTC days (the schema's "matching a whole day"). */
  wholeDay: boolean;
}

export interface SearchWarning {
  field: string;
  message: string;
}

/** One filter of a connection's `query` argument, as the Admin schema describes it. */
export interface SearchField {
  /** time, id, string, boolean, integer, ... */
  type: string;
  /** The schema says the time filter matches "a whole day": compared by day, not by instant. */
  wholeDay: boolean;
}

/** The filters one connection accepts, by name. */
export type SearchFields = ReadonlyMap<string, SearchField>;

const FILTER_ROW = /^\|\s*([a-z0-9_]+)\s*\|\s*([a-z]+)\s*\|(.*)$/;

/**
 * The filters a `query` argument accepts, read from the markdown table in its Admin schema description
 * (`| updated_at | time | The date and time, matching a whole day, ... |`); undefined when it has none.
 */
export function searchFieldsOf(description: string | null | undefined): SearchFields | undefined {
  if (!description) return undefined;
  const fields = new Map<string, SearchField>();
  for (const line of description.split("\n")) {
    const row = FILTER_ROW.exec(line.trim());
    if (!row || row[1] === "name") continue;
    fields.set(row[1], { type: row[2], wholeDay: /matching a whole day/i.test(row[3]) });
  }
  return fields.size > 0 ? fields : undefined;
}

export interface CompiledSearch {
  matches(node: Record<string, unknown>): boolean;
  warnings: SearchWarning[];
}

const DATE_FIELDS: Record<string, string> = {
  updated_at: "updatedAt",
  created_at: "createdAt",
  processed_at: "processedAt",
  occurred_at: "occurredAt",
};
const TEXT_FIELDS: Record<string, string> = { email: "email", sku: "sku", title: "title", name: "name" };

const TOKEN = /\s*(-?)([A-Za-z_]+):(>=|<=|>|<)?('[^']*'|"[^"]*"|\S+)|\s*(\S+)/y;

/**
 * Parses a Shopify search string into a predicate over store objects. `fields`, the connection's filters from
 * the schema, narrows what is accepted; without it every field the sandbox can evaluate is.
 */
export function compileSearch(query: string, fields?: SearchFields): CompiledSearch {
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
      wholeDay: fields?.get(field)?.wholeDay ?? false,
    };
    negateNext = false;
    if (fields ? !fields.has(field) : !isKnownField(field)) {
      warnings.push({ field, message: "Invalid search field for this query." });
      continue;
    }
    if (!isKnownField(field)) {
      warnings.push({
        field,
        message: `The sandbox does not evaluate the search field ${field}; it is ignored.`,
      });
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
    if (term.wholeDay) return compare(dayOf(Date.parse(raw)), dayOf(Date.parse(term.value)), term.comparator);
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

const dayOf = (ms: number) => Math.floor(ms / 86_400_000);

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
