/**
 * Cursor pagination of plain arrays as any Admin API `*Connection` (Relay connections: first/after,
 * last/before, reverse, sortKey, query), so the store can keep a product's variants or an order's line items as
 * arrays and the server can still answer `lineItems(first: 50, after: $cursor) { edges { cursor node } }`.
 */
import { compileSearch, numericId, type SearchFields, type SearchWarning } from "./search";

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
  sortKey?: string | null;
  query?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** A refusal Shopify answers as a GraphQL error on the field, with this `extensions.code`. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Shopify's largest page: `first`/`last` above it is refused. */
export const MAX_PAGE_SIZE = 250;

type Item = Record<string, unknown>;

// Sort keys name Admin API enum values; each maps to the store property it orders by. Keys the sandbox does
// not know (RELEVANCE, TOTAL_PRICE, ...) keep the store's own order.
const SORT_PROPERTIES: Record<string, string> = {
  ID: "id",
  CREATED_AT: "createdAt",
  UPDATED_AT: "updatedAt",
  PROCESSED_AT: "processedAt",
  NAME: "name",
  TITLE: "title",
  POSITION: "position",
};

// Properties holding ISO 8601 times: compared as instants, so `…:00Z` and `…:00.500Z` order correctly.
const TIME_PROPERTIES = new Set(["createdAt", "updatedAt", "processedAt"]);

const sortedCache = new WeakMap<readonly unknown[], Map<string, { length: number; list: Item[] }>>();

/**
 * The items as the connection would list them, before paging: filtered by `query` (with the connection's
 * `fields` from the schema when known), ordered by `sortKey` (ties by id), reversed by `reverse`. Sorted
 * copies are cached per array, so paging a large list is cheap; a copy whose objects changed since (an
 * updatedAt bumped in place, as a store change or a test does) is noticed on the page asked and sorted again.
 */
export function orderedItems(
  items: readonly unknown[],
  args: Pick<ConnectionArgs, "sortKey" | "reverse" | "query">,
  fields?: SearchFields,
): { list: Item[]; warnings: SearchWarning[] } {
  const property = args.sortKey ? SORT_PROPERTIES[args.sortKey] : undefined;
  if (!property && !args.reverse) return filtered(items as Item[], args.query, fields);
  const key = `${args.sortKey ?? ""}|${args.reverse ? 1 : 0}`;
  let perArray = sortedCache.get(items);
  if (!perArray) sortedCache.set(items, (perArray = new Map()));
  const sort = () => {
    const fresh = {
      length: items.length,
      list: sortItems(items as Item[], args.sortKey, Boolean(args.reverse)),
    };
    perArray.set(key, fresh);
    return fresh;
  };
  let cached = perArray.get(key);
  if (!cached || cached.length !== items.length) cached = sort();
  let result = filtered(cached.list, args.query, fields);
  if (property && !inOrder(result.list, property, Boolean(args.reverse))) {
    result = filtered(sort().list, args.query, fields);
  }
  return result;
}

function filtered(
  list: Item[],
  query: string | null | undefined,
  fields: SearchFields | undefined,
): { list: Item[]; warnings: SearchWarning[] } {
  if (!query) return { list, warnings: [] };
  const search = compileSearch(query, fields);
  return { list: list.filter((item) => search.matches(item)), warnings: search.warnings };
}

function sortItems(items: Item[], sortKey: string | null | undefined, reverse: boolean): Item[] {
  const property = sortKey ? SORT_PROPERTIES[sortKey] : undefined;
  const list = [...items];
  if (property) list.sort((a, b) => compareItems(a, b, property));
  if (reverse) list.reverse();
  return list;
}

function compareItems(a: Item, b: Item, property: string): number {
  return compareValues(a[property], b[property], property) || compareIds(a, b);
}

function inOrder(list: Item[], property: string, reverse: boolean): boolean {
  for (let i = 1; i < list.length; i++) {
    const order = compareItems(list[i - 1], list[i], property);
    if (reverse ? order < 0 : order > 0) return false;
  }
  return true;
}

function compareValues(a: unknown, b: unknown, property: string): number {
  if (property === "id") return compareIds({ id: a }, { id: b });
  // Same-length ISO times order as strings; only mixed precisions need parsing.
  if (
    TIME_PROPERTIES.has(property) &&
    typeof a === "string" &&
    typeof b === "string" &&
    a.length !== b.length
  ) {
    return Date.parse(a) - Date.parse(b);
  }
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function compareIds(a: Item, b: Item): number {
  const x = typeof a.id === "string" ? numericId(a.id) : null;
  const y = typeof b.id === "string" ? numericId(b.id) : null;
  if (x === null || y === null) return 0;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * One page of `items` as a connection, following the Relay algorithm: `after`/`before` narrow the list, then
 * `first` keeps the head and `last` the tail. Shopify requires `first` or `last` (at most 250).
 * @example
 * paginate(order.lineItems, { first: 2 }).pageInfo.hasNextPage // true when the order has 3 lines
 */
export function paginate<T>(
  items: readonly T[],
  args: ConnectionArgs,
  fieldName = "connection",
  fields?: SearchFields,
): Connection<T> {
  const { first, last } = args;
  if (first == null && last == null) {
    throw new FieldError("you must provide one of first or last", "BAD_REQUEST");
  }
  for (const [name, size] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw new FieldError(
        `The ${name} argument of ${fieldName} must be between 0 and ${MAX_PAGE_SIZE}, got ${size}.`,
        "BAD_REQUEST",
      );
    }
  }
  return pageOf(orderedItems(items, args, fields).list as T[], args);
}

/** One page of an already ordered list (the Relay algorithm without Shopify's page-size checks). */
export function pageOf<T>(list: readonly T[], args: ConnectionArgs): Connection<T> {
  const { first, last } = args;
  let start = 0;
  let end = list.length;
  if (args.after) start = cursorPosition(list as Item[], args.after) + 1;
  if (args.before) end = Math.min(end, cursorPosition(list as Item[], args.before));
  if (end < start) end = start;
  let pageStart = start;
  let pageEnd = end;
  if (first != null) pageEnd = Math.min(pageEnd, pageStart + first);
  if (last != null) pageStart = Math.max(pageStart, pageEnd - last);
  const page = list.slice(pageStart, pageEnd);
  const edges = page.map((node, offset) => ({ cursor: encodeCursor(node, pageStart + offset), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: pageEnd < list.length,
      hasPreviousPage: pageStart > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Opaque to clients, like Shopify's: the position in the ordered list and the node's id to check it. */
function encodeCursor(node: unknown, position: number): string {
  const id = (node as Item | null)?.id;
  return Buffer.from(JSON.stringify({ last_id: typeof id === "string" ? id : null, p: position })).toString(
    "base64url",
  );
}

function cursorPosition(list: Item[], cursor: string): number {
  let decoded: { last_id?: unknown; p?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new FieldError(`Invalid cursor: ${cursor}`, "BAD_REQUEST");
  }
  const { last_id: id, p: position } = decoded ?? {};
  if (typeof position !== "number") throw new FieldError(`Invalid cursor: ${cursor}`, "BAD_REQUEST");
  if (id == null || list[position]?.id === id) return position;
  // The list changed since the cursor was made (a filter now matches more or fewer items): find the node.
  const found = list.findIndex((item) => item.id === id);
  if (found < 0) throw new FieldError(`Invalid cursor: ${cursor}`, "BAD_REQUEST");
  return found;
}
