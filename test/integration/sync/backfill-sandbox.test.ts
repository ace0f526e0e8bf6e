// The backfill against the sandbox store (Admin API, bulk operations, JSONL) when the store misbehaves: a
// failing Admin API is retried, then reported on the shop and its run; the next attempt resumes and finishes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { backfillShop } from "~/sync/backfill/backfill.server";
import { syncOverview } from "~/sync/sync-status.server";
import { startSandbox, type Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";

let sandbox: Sandbox;

beforeAll(async () => {
  const store = generateSyntheticStore({
    orders: 120,
    seed: 11,
    asOf: new Date("2026-11-30T00:00:00Z"),
    days: 90,
  });
  sandbox = await startSandbox({ store, apiKey: "k", apiSecret: "s", chunkSize: 50 });
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("backfill from the sandbox store", () => {
  it("reports a failing Admin API on the Sync page's figures, then resumes and imports everything", async () => {
    const shop = await db.shop.create({ data: { domain: sandbox.shopDomain } });
    const admin = new AdminClient({
      shop: sandbox.shopDomain,
      accessToken: sandbox.issueAccessToken(),
      origin: sandbox.origin,
      sleep: async () => {}, // the retries' waits, without waiting
    });
    // More consecutive server errors than the client retries: the run fails, visibly.
    sandbox.failNext("graphql", 503, 6);
    await expect(backfillShop({ db, admin, shopId: shop.id, pollIntervalMs: 5 })).rejects.toThrow(
      "BulkOperationRunQuery failed after 6 attempt(s): HTTP 503",
    );
    const failed = await syncOverview(db, shop.id);
    expect(failed.syncState).toBe("failed");
    expect(failed.syncError).toBe("BulkOperationRunQuery failed after 6 attempt(s): HTTP 503");
    expect(failed.runs[0]).toMatchObject({ resource: "locations", status: "failed" });

    await backfillShop({ db, admin, shopId: shop.id, pollIntervalMs: 5 });
    const done = await syncOverview(db, shop.id);
    expect(done.syncState).toBe("ready");
    expect(done.runs.every((run) => run.status === "completed")).toBe(true);
    const store = sandbox.store;
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(store.orders.length);
    expect(await db.orderLine.count({ where: { shopId: shop.id } })).toBe(
      store.orders.reduce((n, o) => n + o.lineItems.length, 0),
    );
    expect(await db.refund.count({ where: { shopId: shop.id } })).toBe(
      store.orders.reduce((n, o) => n + o.refunds.length, 0),
    );
    expect(await db.inventoryLevel.count({ where: { shopId: shop.id } })).toBe(
      store.products.reduce(
        (n, p) => n + p.variants.reduce((m, v) => m + v.inventoryItem.inventoryLevels.length, 0),
        0,
      ),
    );
    // Every bulk query the backfill sent passed the sandbox's checks against Shopify's rules.
    const bulkCalls = sandbox.calls.filter(
      (call) => call.operationName === "BulkOperationRunQuery" && call.status === 200,
    );
    expect(bulkCalls).toHaveLength(5);
  });
});
