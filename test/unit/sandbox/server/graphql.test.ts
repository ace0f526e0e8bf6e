import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../../sandbox/index";
import { adminQuery, startTestSandbox } from "./client";

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  token = sandbox.issueAccessToken();
});
afterAll(() => sandbox.close());

const query = (document: string, variables: Record<string, unknown> = {}) =>
  adminQuery(sandbox, token, document, variables);

describe("Admin GraphQL documents", () => {
  it("refuses a document that does not validate against the Admin schema, as Shopify answers", async () => {
    const { status, body } = await query("query Broken { shop { name notAField } }");
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: 'Cannot query field "notAField" on type "Shop". Did you mean "metafield" or "metafields"?',
        locations: [{ line: 1, column: 28 }],
        extensions: { code: "undefinedField" },
      },
    ]);
    expect(sandbox.calls.at(-1)).toMatchObject({ operationName: null, errorCodes: ["undefinedField"] });
  });

  it("refuses a syntax error and a missing required argument with codes", async () => {
    expect((await query("{ shop { name ")).body.errors[0].extensions.code).toBe("parseError");
    const missing = await query("{ product { id } }");
    expect(missing.body.errors[0].extensions.code).toBe("missingRequiredArguments");
  });

  it("answers the shop and records the operation with its variables", async () => {
    const { body } = await query(
      "query ShopDetails($n: Int) { shop { id name currencyCode ianaTimezone plan { displayName } } products(first: $n) { nodes { id } } }",
      { n: 1 },
    );
    expect(body.data.shop).toEqual({
      id: "gid://shopify/Shop/1",
      name: "Sandbox Test",
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      plan: { displayName: "Basic" },
    });
    expect(sandbox.calls.at(-1)).toMatchObject({
      kind: "graphql",
      operationName: "ShopDetails",
      variables: { n: 1 },
      status: 200,
    });
  });

  it("pages orders with first/after until hasNextPage is false, then back with last/before", async () => {
    const page = `query Orders($after: String) {
      orders(first: 3, after: $after, sortKey: CREATED_AT) {
        edges { cursor node { name } }
        pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }`;
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { body } = await query(page, { after });
      const connection = body.data.orders;
      names.push(...connection.edges.map((e: { node: { name: string } }) => e.node.name));
      pages += 1;
      expect(connection.pageInfo.hasPreviousPage).toBe(pages > 1);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(["#1001", "#1002", "#1003", "#1004", "#1005", "#1006", "#1007"]);

    const { body } = await query(
      `{ orders(last: 2, before: "${after}", sortKey: CREATED_AT) { nodes { name } pageInfo { hasNextPage hasPreviousPage } } }`,
    );
    // `after` still holds the end of page 2 (#1006): the two orders before it.
    expect(body.data.orders.nodes).toEqual([{ name: "#1004" }, { name: "#1005" }]);
    expect(body.data.orders.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it("orders nested connections by their default sort key and reverses on request", async () => {
    const { body } = await query(`{
      product(id: "gid://shopify/Product/11") { variants(first: 5) { nodes { title position } } }
      products(first: 3, reverse: true) { nodes { title } }
    }`);
    expect(body.data.product.variants.nodes).toEqual([
      { title: "Small", position: 1 },
      { title: "Large", position: 2 },
    ]);
    expect(body.data.products.nodes.map((p: { title: string }) => p.title)).toEqual([
      "Lantern",
      "Tea Towel",
      "Red Mug",
    ]);
  });

  it("filters with query: updated_at and reports unknown search fields as warnings", async () => {
    const { body } = await query(`{
      products(first: 10, query: "updated_at:>'2025-01-05T00:00:00Z'") { nodes { id } }
      customers(first: 10, query: "colour:blue") { nodes { id } }
    }`);
    expect(body.data.products.nodes).toEqual([
      { id: "gid://shopify/Product/12" },
      { id: "gid://shopify/Product/13" },
    ]);
    expect(body.data.customers.nodes).toHaveLength(3);
    expect(body.extensions.search).toEqual([
      {
        path: ["customers"],
        query: "colour:blue",
        warnings: [{ field: "colour", message: "Invalid search field for this query." }],
      },
    ]);
  });

  it("takes each connection's filters from the Admin schema: customers' updated_at matches whole days", async () => {
    // Customers 401, 402, 403 were updated on Jan 11, 12 and 13 at 10:00. The schema says the customers
    // filter matches "a whole day": after 05:00 on the 12th means from the 13th.
    const { body } = await query(`{
      after: customers(first: 10, query: "updated_at:>'2025-01-12T05:00:00Z'") { nodes { id } }
      fromDay: customers(first: 10, query: "updated_at:>='2025-01-12'", sortKey: UPDATED_AT) { nodes { id } }
      products(first: 10, query: "updated_at:>'2025-01-04T09:59:59Z' vendor:Acme") { nodes { id } }
      locations(first: 5, query: "updated_at:>2025-01-01") { nodes { id } }
    }`);
    expect(body.data.after.nodes).toEqual([{ id: "gid://shopify/Customer/403" }]);
    expect(body.data.fromDay.nodes).toEqual([
      { id: "gid://shopify/Customer/402" },
      { id: "gid://shopify/Customer/403" },
    ]);
    expect(body.extensions.search).toEqual([
      {
        path: ["products"],
        query: "updated_at:>'2025-01-04T09:59:59Z' vendor:Acme",
        warnings: [
          {
            field: "vendor",
            message: "The sandbox does not evaluate the search field vendor; it is ignored.",
          },
        ],
      },
      {
        // Locations take no updated_at filter: Shopify ignores it and says so.
        path: ["locations"],
        query: "updated_at:>2025-01-01",
        warnings: [{ field: "updated_at", message: "Invalid search field for this query." }],
      },
    ]);
  });

  it("filters a location's inventory levels by their own updated_at, and sorts by a time changed in place", async () => {
    const levels = `query Levels($query: String!) {
      location(id: "gid://shopify/Location/1") { inventoryLevels(first: 10, query: $query) { nodes { id } } }
    }`;
    const since = "updated_at:>'2025-01-05T00:00:00Z'";
    expect((await query(levels, { query: since })).body.data.location.inventoryLevels.nodes).toEqual([]);
    const level = sandbox.store.products[1].variants[0].inventoryItem.inventoryLevels[0];
    const old = level.updatedAt;
    level.updatedAt = "2025-01-06T00:00:00Z";
    try {
      const { body } = await query(levels, { query: since });
      expect(body.data.location.inventoryLevels.nodes).toEqual([{ id: level.id }]);
      expect(body.extensions?.search).toBeUndefined();
    } finally {
      level.updatedAt = old;
    }

    // A product edited in place moves to the end of an UPDATED_AT listing, as on Shopify.
    const byUpdate = "{ products(first: 10, sortKey: UPDATED_AT) { nodes { id } } }";
    const before = (await query(byUpdate)).body.data.products.nodes.map((n: { id: string }) => n.id);
    const first = sandbox.store.products.find((p) => p.id === before[0])!;
    const previous = first.updatedAt;
    first.updatedAt = "2025-02-01T00:00:00.500Z";
    try {
      const after = (await query(byUpdate)).body.data.products.nodes.map((n: { id: string }) => n.id);
      expect(after).toEqual([...before.slice(1), before[0]]);
    } finally {
      first.updatedAt = previous;
    }
  });

  it("refuses a connection without first or last, and a page larger than 250", async () => {
    const none = await query("{ orders { nodes { id } } }");
    expect(none.body.errors[0]).toMatchObject({
      message: "you must provide one of first or last",
      path: ["orders"],
    });
    const tooMany = await query("{ locations(first: 251) { nodes { id } } }");
    expect(tooMany.body.errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("finds objects by global id with node and nodes, null for unknown ids", async () => {
    const { body } = await query(`{
      node(id: "gid://shopify/ProductVariant/102") { __typename id ... on ProductVariant { title product { title } } }
      nodes(ids: ["gid://shopify/Order/602", "gid://shopify/Order/999", "gid://shopify/Customer/401"]) {
        __typename
        ... on Order { name refunds { order { name } refundLineItems(first: 5) { nodes { quantity lineItem { sku } } } } }
        ... on Customer { email }
      }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.node).toEqual({
      __typename: "ProductVariant",
      id: "gid://shopify/ProductVariant/102",
      title: "Small",
      product: { title: "Red Mug" },
    });
    expect(body.data.nodes).toEqual([
      {
        __typename: "Order",
        name: "#1002",
        refunds: [
          {
            order: { name: "#1002" },
            refundLineItems: { nodes: [{ quantity: 1, lineItem: { sku: "SKU-3" } }] },
          },
        ],
      },
      null,
      { __typename: "Customer", email: "customer1@example.com" },
    ]);
  });

  it("filters inventory quantities by name and derives legacy ids and inventory totals", async () => {
    const { body } = await query(`{
      productVariant(id: "gid://shopify/ProductVariant/101") {
        legacyResourceId
        inventoryQuantity
        inventoryItem {
          variant { id }
          inventoryLevels(first: 5) { nodes { location { name } quantities(names: ["available", "committed"]) { name quantity } } }
        }
      }
      locations(first: 5) { nodes { name } }
    }`);
    expect(body.data.productVariant).toEqual({
      legacyResourceId: "101",
      inventoryQuantity: 5,
      inventoryItem: {
        variant: { id: "gid://shopify/ProductVariant/101" },
        inventoryLevels: {
          nodes: [
            {
              location: { name: "Warehouse" },
              quantities: [
                { name: "available", quantity: 5 },
                { name: "committed", quantity: 2 },
              ],
            },
          ],
        },
      },
    });
    // Inactive locations are left out unless includeInactive is asked.
    expect(body.data.locations.nodes).toEqual([{ name: "Warehouse" }]);
  });

  it("says so when the store lacks a value the schema never leaves null", async () => {
    const { body } = await query(
      '{ order(id: "gid://shopify/Order/601") { name currentTotalPriceSet { shopMoney { amount } } } }',
    );
    expect(body.data).toEqual({ order: null });
    expect(body.errors[0].extensions.code).toBe("SANDBOX_MISSING_DATA");
  });

  it("fails the next call with an injected HTTP status, then answers again", async () => {
    sandbox.failNext("graphql", 503);
    expect((await query("{ shop { name } }")).status).toBe(503);
    expect((await query("{ shop { name } }")).status).toBe(200);
  });

  it("names the answering API version and answers 404 elsewhere", async () => {
    const response = await fetch(`${sandbox.origin}/admin/api/2025-01/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(response.headers.get("x-shopify-api-version")).toBe("2025-01");
    expect((await fetch(`${sandbox.origin}/admin/api/latest/graphql.json`, { method: "POST" })).status).toBe(
      404,
    );
    expect(sandbox.calls.at(-1)).toMatchObject({
      kind: "unknown",
      status: 404,
      path: "/admin/api/latest/graphql.json",
    });
  });
});
