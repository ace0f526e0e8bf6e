import { describe, expect, it } from "vitest";
import { FieldError, paginate } from "../../../../sandbox/server/connections";
import { compileSearch, searchFieldsOf } from "../../../../sandbox/server/search";

// Relay's connection algorithm (relay.dev/graphql/connections.htm, "Pagination algorithm") over plain arrays.
const items = ["1", "2", "3", "4", "5"].map((n) => ({
  id: `gid://shopify/Order/${n}`,
  updatedAt: `2025-01-0${n}T00:00:00Z`,
  name: `#${6 - Number(n)}`,
}));

describe("paginate", () => {
  it("walks forward with first/after and back with last/before", () => {
    const first = paginate(items, { first: 2 });
    expect(first.nodes.map((n) => n.id.slice(-1))).toEqual(["1", "2"]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = paginate(items, { first: 2, after: first.pageInfo.endCursor });
    expect(second.nodes.map((n) => n.id.slice(-1))).toEqual(["3", "4"]);
    const last = paginate(items, { first: 2, after: second.pageInfo.endCursor });
    expect(last.nodes.map((n) => n.id.slice(-1))).toEqual(["5"]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = paginate(items, { last: 2, before: last.pageInfo.startCursor });
    expect(back.nodes.map((n) => n.id.slice(-1))).toEqual(["3", "4"]);
    expect(back.edges[0].cursor).toBe(second.edges[0].cursor);
  });

  it("sorts by the sort key, reverses, and pages a filtered list", () => {
    expect(paginate(items, { first: 5, sortKey: "NAME" }).nodes.map((n) => n.name)).toEqual([
      "#1",
      "#2",
      "#3",
      "#4",
      "#5",
    ]);
    expect(paginate(items, { first: 1, reverse: true }).nodes[0].id).toBe("gid://shopify/Order/5");
    const filtered = paginate(items, { first: 1, query: "updated_at:>=2025-01-03" });
    expect(filtered.nodes[0].id).toBe("gid://shopify/Order/3");
    const next = paginate(items, {
      first: 5,
      after: filtered.pageInfo.endCursor,
      query: "updated_at:>=2025-01-03",
    });
    expect(next.nodes.map((n) => n.id.slice(-1))).toEqual(["4", "5"]);
  });

  it("answers an empty page with null cursors", () => {
    expect(paginate([], { first: 10 })).toEqual({
      edges: [],
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it("refuses a missing page size, a page above 250, and a forged cursor", () => {
    expect(() => paginate(items, {})).toThrow(FieldError);
    expect(() => paginate(items, { last: 251 })).toThrow(/between 0 and 250/);
    expect(() => paginate(items, { first: 1, after: "bm90LWEtY3Vyc29y" })).toThrow(/Invalid cursor/);
  });
});

describe("compileSearch", () => {
  const order = {
    id: "gid://shopify/Order/9007199254740993",
    updatedAt: "2025-03-01T12:00:00Z",
    tags: ["VIP"],
    status: "ACTIVE",
  };

  it.each([
    ["updated_at:>'2025-03-01T11:59:59Z'", true],
    ["updated_at:<2025-03-01", false],
    ["id:>9007199254740992", true],
    ["id:9007199254740993", true],
    ["tag:vip AND status:active", true],
    ["-tag:vip", false],
    ["NOT tag:vip OR status:active", true],
    ["status:draft OR tag:other", false],
  ])("%s matches: %s", (query, expected) => {
    expect(compileSearch(query).matches(order)).toBe(expected);
  });

  it("ignores unknown fields with a warning, as Shopify does", () => {
    const search = compileSearch("colour:red");
    expect(search.matches(order)).toBe(true);
    expect(search.warnings).toEqual([{ field: "colour", message: "Invalid search field for this query." }]);
  });
});

describe("searchFieldsOf", () => {
  const description = [
    "A filter made up of terms, connectives, modifiers, and comparators.",
    "| name | type | description | acceptable_values | default_value | example_use |",
    "| ---- | ---- | ---- | ---- | ---- | ---- |",
    "| email | string | The customer's email address. | | | - `email:*` |",
    "| updated_at | time | The date and time, matching a whole day, when the customer's information was last updated. | | | |",
    "| created_at | time |",
  ].join("\n");

  it("reads a connection's filters from its schema description, whole-day time filters marked", () => {
    const fields = searchFieldsOf(description)!;
    expect([...fields.entries()]).toEqual([
      ["email", { type: "string", wholeDay: false }],
      ["updated_at", { type: "time", wholeDay: true }],
      ["created_at", { type: "time", wholeDay: false }],
    ]);
    expect(searchFieldsOf("Reverse the order of the underlying list.")).toBeUndefined();
  });

  it("compares whole days for such a filter, instants otherwise, and ignores fields the connection lacks", () => {
    const fields = searchFieldsOf(description)!;
    const customer = { id: "gid://shopify/Customer/1", updatedAt: "2025-03-01T12:00:00Z" };
    expect(compileSearch("updated_at:>'2025-03-01T06:00:00Z'", fields).matches(customer)).toBe(false);
    expect(compileSearch("updated_at:>='2025-03-01'", fields).matches(customer)).toBe(true);
    expect(compileSearch("updated_at:>'2025-03-01T06:00:00Z'").matches(customer)).toBe(true);
    const search = compileSearch("tag:vip", fields);
    expect(search.matches(customer)).toBe(true);
    expect(search.warnings).toEqual([{ field: "tag", message: "Invalid search field for this query." }]);
  });
});
