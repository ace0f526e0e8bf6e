// Reconciliation against the sandbox store: orders that webhooks never brought, or brought in an older
// version, are repaired; a second pass over the same window repairs nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { backfillShop } from "~/sync/backfill/backfill.server";
import { reconcileShop } from "~/sync/reconcile.server";
import { syncOverview } from "~/sync/sync-status.server";
import { startSandbox, type Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";

let sandbox: Sandbox;
const asOf = new Date("2026-11-30T00:00:00Z");

beforeAll(async () => {
  const store = generateSyntheticStore({ orders: 40, seed: 21, asOf, days: 60 });
  // A roomy cost bucket: this test is about what is repaired, not about waiting for Shopify's rate limit.
  sandbox = await startSandbox({
    store,
    apiKey: "k",
    apiSecret: "s",
    bucket: { maximumAvailable: 100_000, restoreRate: 50_000 },
  });
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("reconciliation", () => {
  it("repairs missing and outdated orders, and nothing when run again over the same window", async () => {
    const shop = await db.shop.create({ data: { domain: sandbox.shopDomain } });
    const admin = new AdminClient({
      shop: sandbox.shopDomain,
      accessToken: sandbox.issueAccessToken(),
      origin: sandbox.origin,
    });
    await backfillShop({ db, admin, shopId: shop.id, pollIntervalMs: 5 });
    const orders = await db.order.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" }, take: 4 });
    const lineCount = await db.orderLine.count({ where: { shopId: shop.id } });

    // What lost webhooks leave behind: three orders never arrived, one is an older version.
    await db.order.deleteMany({
      where: { shopId: shop.id, id: { in: orders.slice(0, 3).map((o) => o.id) } },
    });
    const outdated = orders[3];
    await db.order.update({
      where: { shopId_id: { shopId: shop.id, id: outdated.id } },
      data: { total: "0.01", shopifyUpdatedAt: new Date(outdated.shopifyUpdatedAt!.getTime() - 86_400_000) },
    });
    const window = new Date(asOf.getTime() - 120 * 86_400_000);
    await db.shop.update({ where: { id: shop.id }, data: { lastReconciledAt: window } });

    const first = await reconcileShop(db, admin, shop.id, asOf);
    expect(first).toEqual({ checked: sandbox.store.orders.length, repaired: 4, skipped: 0 });
    expect(await db.orderLine.count({ where: { shopId: shop.id } })).toBe(lineCount);
    const repaired = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: outdated.id } },
    });
    expect(repaired.total.toString()).toBe(outdated.total.toString());
    expect(repaired.shopifyUpdatedAt?.getTime()).toBe(outdated.shopifyUpdatedAt?.getTime());

    await db.shop.update({ where: { id: shop.id }, data: { lastReconciledAt: window } });
    expect(await reconcileShop(db, admin, shop.id, asOf)).toEqual({
      checked: sandbox.store.orders.length,
      repaired: 0,
      skipped: 0,
    });

    const overview = await syncOverview(db, shop.id);
    expect(overview.reconciliation.lastReconciledAt?.toISOString()).toBe(asOf.toISOString());
    expect(overview.reconciliation.last).toMatchObject({
      status: "completed",
      checked: sandbox.store.orders.length,
      repaired: 0,
    });
    // Every page asked of the store stayed within Shopify's query cost limit.
    expect(
      sandbox.calls.filter((c) => c.operationName === "ReconcileOrders").every((c) => c.status === 200),
    ).toBe(true);
  });
});
