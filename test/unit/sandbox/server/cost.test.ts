import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminClient } from "../../../../app/shopify/admin-client.server";
import { ShopDetails, shopDetailsQuery } from "../../../../app/shopify/queries/shop";
import type { Sandbox } from "../../../../sandbox/index";
import { adminQuery, startTestSandbox } from "./client";

// Expected costs are worked by hand from Shopify's documented rules (shopify.dev/docs/api/usage/rate-limits,
// "Calculated query cost"): scalars 0, objects 1, connections 2 + first × (cost of one node), mutations 10.
// The small store (small-store.ts) has 3 products with 2, 1 and 2 variants.

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startTestSandbox({ bucket: { maximumAvailable: 100, restoreRate: 10 } });
  token = sandbox.issueAccessToken();
});
afterAll(() => sandbox.close());

describe("query cost and throttling", () => {
  it("charges an object 1 and reports the bucket", async () => {
    const { body } = await adminQuery(sandbox, token, "{ shop { name plan { displayName } } }");
    // shop (1) + plan (1) = 2
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 2 });
    expect(body.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 100, restoreRate: 10 });
  });

  it("charges connections by page size when requested and by nodes returned when actual", async () => {
    const { body } = await adminQuery(
      sandbox,
      token,
      "{ products(first: 10) { edges { node { title variants(first: 5) { nodes { price } } } } } }",
    );
    // requested: 2 + 10 × (1 product + (2 + 5 × 1 variant)) = 82
    // actual: 2 + (1 + 2 + 2) + (1 + 2 + 1) + (1 + 2 + 2) = 16
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 82, actualQueryCost: 16 });
  });

  it("charges a mutation 10", async () => {
    const { body } = await adminQuery(
      sandbox,
      token,
      `mutation { bulkOperationCancel(id: "gid://shopify/BulkOperation/999") { userErrors { message } } }`,
    );
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });

  it("refuses a query above the single-query limit of 1000", async () => {
    const { body } = await adminQuery(
      sandbox,
      token,
      "{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }",
    );
    // 2 + 250 × (1 + 2 + 250 × 1) = 63252
    expect(body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 63252 });
    expect(body.data).toBeUndefined();
  });

  it("answers THROTTLED (HTTP 200) when the bucket lacks the cost, then succeeds once it refilled", async () => {
    const document = "query Titles { products(first: 10) { nodes { title } } }"; // 2 + 10 × 1 = 12
    sandbox.bucket.set(0);
    const refused = await adminQuery(sandbox, token, document);
    expect(refused.status).toBe(200);
    expect(refused.body.errors).toEqual([
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ]);
    const { requestedQueryCost, actualQueryCost, throttleStatus } = refused.body.extensions.cost;
    expect(requestedQueryCost).toBe(12);
    expect(actualQueryCost).toBeNull();
    expect(throttleStatus.currentlyAvailable).toBeLessThan(12);

    const waitMs = ((12 - throttleStatus.currentlyAvailable) / throttleStatus.restoreRate) * 1000 + 50;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const accepted = await adminQuery(sandbox, token, document);
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.products.nodes).toHaveLength(3);
    expect(sandbox.calls.filter((c) => c.operationName === "Titles").map((c) => c.errorCodes)).toEqual([
      ["THROTTLED"],
      [],
    ]);
  });

  it("is driven to success by Keel's own Admin API client, which waits out THROTTLED", async () => {
    sandbox.bucket.set(0);
    const slept: number[] = [];
    const admin = new AdminClient({
      shop: sandbox.shopDomain,
      accessToken: token,
      origin: sandbox.origin,
      sleep: (ms) => {
        slept.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const { shop } = await admin.request(shopDetailsQuery, {}, ShopDetails);
    expect(shop.name).toBe("Sandbox Test");
    expect(slept.length).toBeGreaterThan(0);
    expect(slept[0]).toBeGreaterThan(0);
  });
});
