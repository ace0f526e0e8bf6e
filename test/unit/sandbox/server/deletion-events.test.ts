// The sandbox's `deletionEvents` root field, as Shopify answers it: the store remembers each product deleted
// through the change API, and the connection filters those events by subject type and by `occurred_at`, sorts
// them by `ID` (the default) or `CREATED_AT`, pages them, and is priced like any connection.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../../sandbox/index";
import { adminQuery, startTestSandbox } from "./client";

let sandbox: Sandbox;
let token: string;

const FIELDS =
  "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { subjectId occurredAt }";

/**
 * Four events, recorded out of time order so that `ID` and `CREATED_AT` differ: product 12 (3 Feb), product
 * 11 (1 Feb, a change dated earlier), a collection (2 Feb; the store has no collections, so it is written by
 * hand as Shopify would have recorded one), product 13 (4 Feb).
 */
function deleteSome(): void {
  sandbox.deleteProduct("gid://shopify/Product/12", { at: new Date("2025-02-03T10:00:00Z") });
  sandbox.deleteProduct("gid://shopify/Product/11", { at: new Date("2025-02-01T10:00:00Z") });
  sandbox.store.deletionEvents!.push({
    id: "gid://shopify/DeletionEvent/3",
    subjectId: "gid://shopify/Collection/900",
    subjectType: "COLLECTION",
    occurredAt: "2025-02-02T10:00:00.000Z",
    createdAt: "2025-02-02T10:00:00.000Z",
  });
  sandbox.deleteProduct("gid://shopify/Product/13", { at: new Date("2025-02-04T10:00:00Z") });
}

async function deletions(args: string, fields = "nodes { subjectId }") {
  const answer = await adminQuery(sandbox, token, `{ deletionEvents(${args}) { ${fields} } }`);
  expect(answer.body.errors).toBeUndefined();
  return answer.body;
}

const subjects = (body: { data: { deletionEvents: { nodes: { subjectId: string }[] } } }) =>
  body.data.deletionEvents.nodes.map((n) => n.subjectId.replace("gid://shopify/", ""));

beforeEach(async () => {
  sandbox = await startTestSandbox();
  token = sandbox.issueAccessToken();
});

afterEach(async () => {
  await sandbox.close();
});

describe("deletionEvents", () => {
  it("answers an empty connection before anything was deleted", async () => {
    expect((await deletions("first: 10", FIELDS)).data.deletionEvents).toEqual({
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      nodes: [],
    });
  });

  it("answers each event's time, subject id and subject type", async () => {
    deleteSome();
    const body = await deletions("first: 10", "nodes { occurredAt subjectId subjectType }");
    expect(body.data.deletionEvents.nodes).toEqual([
      {
        occurredAt: "2025-02-03T10:00:00.000Z",
        subjectId: "gid://shopify/Product/12",
        subjectType: "PRODUCT",
      },
      {
        occurredAt: "2025-02-01T10:00:00.000Z",
        subjectId: "gid://shopify/Product/11",
        subjectType: "PRODUCT",
      },
      {
        occurredAt: "2025-02-02T10:00:00.000Z",
        subjectId: "gid://shopify/Collection/900",
        subjectType: "COLLECTION",
      },
      {
        occurredAt: "2025-02-04T10:00:00.000Z",
        subjectId: "gid://shopify/Product/13",
        subjectType: "PRODUCT",
      },
    ]);
  });

  it("filters by subject type", async () => {
    deleteSome();
    expect(subjects(await deletions("first: 10, subjectTypes: [PRODUCT]"))).toEqual([
      "Product/12",
      "Product/11",
      "Product/13",
    ]);
    expect(subjects(await deletions("first: 10, subjectTypes: [COLLECTION]"))).toEqual(["Collection/900"]);
    expect(subjects(await deletions("first: 10, subjectTypes: [PRODUCT, COLLECTION]"))).toHaveLength(4);
  });

  it("filters by occurred_at: after an instant, from an instant on, and by date", async () => {
    deleteSome();
    const after = (query: string) => deletions(`first: 10, subjectTypes: [PRODUCT], query: "${query}"`);
    expect(subjects(await after("occurred_at:>'2025-02-03T10:00:00Z'"))).toEqual(["Product/13"]);
    expect(subjects(await after("occurred_at:>=2025-02-03T10:00:00Z"))).toEqual(["Product/12", "Product/13"]);
    expect(subjects(await after("occurred_at:>='2025-02-02'"))).toEqual(["Product/12", "Product/13"]);
    expect(subjects(await after("occurred_at:<2025-02-03"))).toEqual(["Product/11"]);
    expect(subjects(await after("occurred_at:>'2025-02-05T00:00:00Z'"))).toEqual([]);
  });

  it("ignores a filter the connection does not have, with Shopify's search warning", async () => {
    deleteSome();
    const body = await deletions(`first: 10, query: "updated_at:>'2025-02-03T00:00:00Z'"`);
    expect(subjects(body)).toHaveLength(4);
    expect(body.extensions.search).toEqual([
      {
        path: ["deletionEvents"],
        query: "updated_at:>'2025-02-03T00:00:00Z'",
        warnings: [{ field: "updated_at", message: "Invalid search field for this query." }],
      },
    ]);
  });

  it("sorts by ID by default, by CREATED_AT when asked, and reverses", async () => {
    deleteSome();
    const products = "first: 10, subjectTypes: [PRODUCT]";
    expect(subjects(await deletions(products))).toEqual(["Product/12", "Product/11", "Product/13"]);
    expect(subjects(await deletions(`${products}, sortKey: CREATED_AT`))).toEqual([
      "Product/11",
      "Product/12",
      "Product/13",
    ]);
    expect(subjects(await deletions(`${products}, sortKey: CREATED_AT, reverse: true`))).toEqual([
      "Product/13",
      "Product/12",
      "Product/11",
    ]);
  });

  it("pages forward with first/after and backward with last/before", async () => {
    deleteSome();
    const args = `subjectTypes: [PRODUCT], sortKey: CREATED_AT, query: "occurred_at:>='2025-02-01'"`;
    const first = (await deletions(`first: 2, ${args}`, FIELDS)).data.deletionEvents;
    expect(first.nodes.map((n: { subjectId: string }) => n.subjectId)).toEqual([
      "gid://shopify/Product/11",
      "gid://shopify/Product/12",
    ]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const second = (await deletions(`first: 2, after: "${first.pageInfo.endCursor}", ${args}`, FIELDS)).data
      .deletionEvents;
    expect(second.nodes.map((n: { subjectId: string }) => n.subjectId)).toEqual(["gid://shopify/Product/13"]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const back = await deletions(`last: 1, before: "${second.pageInfo.startCursor}", ${args}`);
    expect(subjects(back)).toEqual(["Product/12"]);

    const refused = await adminQuery(sandbox, token, `{ deletionEvents(${args}) { nodes { subjectId } } }`);
    expect(refused.body.errors[0].message).toBe("you must provide one of first or last");
  });

  it("is priced as a connection: 2 + first × one node requested, 2 + nodes returned actually", async () => {
    deleteSome();
    const body = await deletions(
      "first: 250, subjectTypes: [PRODUCT]",
      "pageInfo { hasNextPage } nodes { occurredAt subjectId subjectType }",
    );
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 252, actualQueryCost: 5 });
  });
});
