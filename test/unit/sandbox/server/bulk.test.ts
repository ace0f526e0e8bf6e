import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../../sandbox/index";
import { adminQuery, startTestSandbox } from "./client";

// Bulk operations as Shopify documents them (shopify.dev, "Perform bulk operations with the GraphQL Admin
// API"): run, poll, download JSONL with __parentId, one query at a time, cancel.

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  // One root object per chunk and a pause between chunks, so polling can see the operation run.
  sandbox = await startTestSandbox({ chunkSize: 1, chunkDelayMs: 30 });
  token = sandbox.issueAccessToken();
});
afterAll(() => sandbox.close());

const STATUS_FIELDS =
  "id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt query";

async function run(query: string) {
  const { body } = await adminQuery(
    sandbox,
    token,
    `mutation Run($query: String!) {
      bulkOperationRunQuery(query: $query) { bulkOperation { ${STATUS_FIELDS} } userErrors { field message code } }
    }`,
    { query },
  );
  return body.data.bulkOperationRunQuery;
}

async function current() {
  const { body } = await adminQuery(
    sandbox,
    token,
    `query Poll { currentBulkOperation { ${STATUS_FIELDS} } }`,
  );
  return body.data.currentBulkOperation;
}

async function pollUntilDone() {
  const seen: { status: string; objectCount: string }[] = [];
  for (;;) {
    const operation = await current();
    seen.push({ status: operation.status, objectCount: operation.objectCount });
    if (!["CREATED", "RUNNING", "CANCELING"].includes(operation.status)) return { operation, seen };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function download(url: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
}

const ORDERS_QUERY = `{
  orders(sortKey: CREATED_AT) {
    edges { node {
      id name
      customer { id }
      lineItems { edges { node { id quantity variant { id } } } }
      refunds { id refundLineItems(first: 10) { edges { node { quantity lineItem { id } } } } }
    } }
  }
}`;

describe("bulk operations", () => {
  it("runs a query in the background and serves its JSONL with __parentId, children not always after their parent", async () => {
    const started = await run(ORDERS_QUERY);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation).toMatchObject({
      status: "CREATED",
      objectCount: "0",
      url: null,
      query: ORDERS_QUERY,
    });

    const { operation, seen } = await pollUntilDone();
    expect(seen.some((s) => s.status === "RUNNING")).toBe(true);
    const counts = seen.map((s) => Number(s.objectCount));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(new Set(counts.filter((c) => c > 0 && c < 16)).size).toBeGreaterThan(0);

    // 7 orders and 9 line items (order #1002 has 3) = 16 objects.
    expect(operation).toMatchObject({
      status: "COMPLETED",
      errorCode: null,
      objectCount: "16",
      rootObjectCount: "7",
    });
    expect(operation.completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const byNode = await adminQuery(
      sandbox,
      token,
      `{ node(id: "${operation.id}") { ... on BulkOperation { status url } } }`,
    );
    expect(byNode.body.data.node).toEqual({ status: "COMPLETED", url: operation.url });

    const lines = await download(operation.url);
    expect(lines).toHaveLength(16);
    const bytes = new TextEncoder().encode(lines.map((l) => JSON.stringify(l) + "\n").join("")).length;
    expect(operation.fileSize).toBe(String(bytes));
    const orders = lines.filter((l) => !("__parentId" in l));
    expect(orders.map((o) => o.name)).toEqual([
      "#1001",
      "#1002",
      "#1003",
      "#1004",
      "#1005",
      "#1006",
      "#1007",
    ]);
    // Root lines carry no nested connection; lists are inline, connections inside them too.
    expect(orders[1]).toEqual({
      id: "gid://shopify/Order/602",
      name: "#1002",
      customer: { id: "gid://shopify/Customer/403" },
      refunds: [
        {
          id: "gid://shopify/Refund/701",
          refundLineItems: {
            edges: [{ node: { quantity: 1, lineItem: { id: "gid://shopify/LineItem/503" } } }],
          },
        },
      ],
    });
    expect(orders[4].customer).toBeNull();

    // Every child names its parent, comes after it, and for #1002 not directly after it.
    const position = new Map(lines.map((line, i) => [line.id, i]));
    const children = lines.filter((l) => "__parentId" in l);
    expect(children).toHaveLength(9);
    for (const child of children) {
      expect(position.get(child.__parentId)).toBeLessThan(position.get(child.id) as number);
      expect(Object.keys(child).at(-1)).toBe("__parentId");
    }
    const parentIndex = position.get("gid://shopify/Order/602") as number;
    expect(lines[parentIndex + 1].id).toBe("gid://shopify/Order/603");
    expect(lines.filter((l) => l.__parentId === "gid://shopify/Order/602").map((l) => l.id)).toEqual([
      "gid://shopify/LineItem/502",
      "gid://shopify/LineItem/503",
      "gid://shopify/LineItem/504",
    ]);
    expect(sandbox.calls.filter((c) => c.kind === "bulk-download").at(-1)?.status).toBe(200);
  });

  it("nests a second connection level under an object field with the nearest node as parent", async () => {
    await run(
      `{ productVariants(query: "sku:SKU-1") { nodes { id inventoryItem { sku inventoryLevels { nodes { id quantities(names: ["available"]) { quantity } } } } } } }`,
    );
    const { operation } = await pollUntilDone();
    expect(await download(operation.url)).toEqual([
      { id: "gid://shopify/ProductVariant/101", inventoryItem: { sku: "SKU-1" } },
      {
        id: "gid://shopify/InventoryLevel/301?inventory_item_id=201",
        quantities: [{ quantity: 5 }],
        __parentId: "gid://shopify/ProductVariant/101",
      },
    ]);
  });

  it("refuses a second operation while one runs, and cancels the running one", async () => {
    const first = await run(ORDERS_QUERY);
    const second = await run("{ products { edges { node { id } } } }");
    expect(second).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperation.id}.`,
          code: "OPERATION_IN_PROGRESS",
        },
      ],
    });
    const { body } = await adminQuery(
      sandbox,
      token,
      `mutation Cancel($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`,
      { id: first.bulkOperation.id },
    );
    expect(body.data.bulkOperationCancel).toEqual({ bulkOperation: { status: "CANCELING" }, userErrors: [] });
    const { operation } = await pollUntilDone();
    expect(operation).toMatchObject({ id: first.bulkOperation.id, status: "CANCELED", url: null });

    const again = await adminQuery(
      sandbox,
      token,
      `mutation { bulkOperationCancel(id: "${first.bulkOperation.id}") { userErrors { message } } }`,
    );
    expect(again.body.data.bulkOperationCancel.userErrors[0].message).toMatch(
      /cannot be canceled when it is canceled/,
    );
  });

  it.each([
    ["a syntax error", "{ orders { edges { node { id }", /^Invalid bulk query: Syntax Error/],
    [
      "an unknown field",
      "{ orders { edges { node { nope } } } }",
      /^Invalid bulk query: Cannot query field "nope"/,
    ],
    ["no connection", "{ shop { name } }", /at least one connection/],
    [
      "a top-level node field",
      '{ node(id: "gid://shopify/Order/601") { id } }',
      /node and nodes fields can't be used/,
    ],
    [
      "three connection levels",
      "{ products { nodes { variants { nodes { inventoryItem { inventoryLevels { nodes { id } } } } } } } }",
      /more than 2 levels/,
    ],
    [
      "six connections",
      "{ products { nodes { a: variants { nodes { id } } b: variants { nodes { id } } c: variants { nodes { id } } d: variants { nodes { id } } e: variants { nodes { id } } } } }",
      /more than 5 connections/,
    ],
    [
      "a mutation",
      'mutation { bulkOperationCancel(id: "x") { userErrors { message } } }',
      /only accept queries/,
    ],
  ])("refuses a bulk query with %s", async (_label, query, message) => {
    const { bulkOperation, userErrors } = await run(query);
    expect(bulkOperation).toBeNull();
    expect(userErrors).toHaveLength(1);
    expect(userErrors[0]).toMatchObject({ field: ["query"], code: "INVALID" });
    expect(userErrors[0].message).toMatch(message);
  });

  it("reports an injected failure with its error code and partial data", async () => {
    sandbox.failNextBulkOperation("INTERNAL_SERVER_ERROR", 3);
    await run(ORDERS_QUERY);
    const { operation } = await pollUntilDone();
    expect(operation).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    const partial = await download(operation.partialDataUrl);
    expect(partial.length).toBe(Number(operation.objectCount));
    expect(partial.length).toBeGreaterThanOrEqual(3);
  });

  it("answers a null url when the query matched nothing", async () => {
    await run(`{ customers(query: "email:nobody@example.com") { nodes { id } } }`);
    const { operation } = await pollUntilDone();
    expect(operation).toMatchObject({ status: "COMPLETED", objectCount: "0", url: null, fileSize: null });
  });
});
