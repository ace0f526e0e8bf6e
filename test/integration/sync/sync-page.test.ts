// The Sync page's reconciliation figures, through the route's loader with a really signed session token: the
// last reconciliation resource by resource (not mixed with an earlier one), and the lag: since when Keel's
// copy is proven complete, and the webhook deliveries not applied yet (another shop's not counted).
import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { PrismaSessionStorage } from "~/shopify/session-storage.server";
import { syncOverview } from "~/sync/sync-status.server";
import { SCOPES, useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";

const API_KEY = "sync-page-key";
const API_SECRET = "sync-page-secret";
useAppEnv({ apiKey: API_KEY, apiSecret: API_SECRET });

const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE);

async function load() {
  const { loader } = await import("~/routes/app.sync");
  const { token } = await getJwt("sync-page", API_KEY, API_SECRET);
  const request = new Request("https://keel.example.com/app/sync", {
    headers: { Authorization: `Bearer ${token}` },
  });
  const data = await loader({ request, params: {}, context: {} });
  if (data instanceof Response || data.shop === null) throw new Error("expected the shop's Sync page data");
  return data;
}

async function run(
  shopId: number,
  startedAt: Date,
  resource: string,
  fields: { status: "running" | "completed" | "failed"; checked: number; repaired: number; error?: string },
  finishedAt: Date | null,
) {
  await db.syncRun.create({
    data: {
      shopId,
      kind: "reconcile",
      resource,
      startedAt,
      finishedAt,
      status: fields.status,
      objectCount: fields.checked,
      linesDone: fields.checked,
      imported: fields.repaired,
      error: fields.error ?? null,
    },
  });
}

async function event(shopId: number, webhookId: string, status: string, receivedAt: Date) {
  await db.webhookEvent.create({
    data: {
      shopId,
      webhookId,
      topic: "orders/updated",
      body: {},
      status: status as "received",
      receivedAt,
    },
  });
}

describe("the Sync page's reconciliation", () => {
  it("shows the last run per resource, and the lag: the mark and the deliveries not applied", async () => {
    const shop = await seedShop(db, "sync-page.myshopify.com");
    const other = await seedShop(db, "other-sync-page.myshopify.com");
    const session = new Session({
      id: "offline_sync-page.myshopify.com",
      shop: shop.domain,
      state: "s",
      isOnline: false,
    });
    session.accessToken = "shpat_sync_page";
    session.scope = SCOPES;
    await new PrismaSessionStorage(db).storeSession(session);

    // Before any reconciliation: nothing to show, and the lag counts from the import's start.
    const importStart = ago(600);
    await db.shop.update({ where: { id: shop.id }, data: { syncStartedAt: importStart } });
    const before = await load();
    expect(before.sync.reconciliation.last).toBeNull();
    expect(before.sync.reconciliation.lag).toMatchObject({
      verifiedThrough: importStart,
      verifiedBy: "import",
    });

    const mark = ago(90);
    await db.shop.update({ where: { id: shop.id }, data: { lastReconciledAt: mark } });
    // An earlier, complete reconciliation, then the latest one, in which products failed.
    const earlier = ago(150);
    for (const resource of ["products", "inventoryItems", "inventoryLevels", "customers", "orders"]) {
      await run(shop.id, earlier, resource, { status: "completed", checked: 9, repaired: 9 }, ago(149));
    }
    const latest = ago(30);
    await run(shop.id, latest, "orders", { status: "completed", checked: 4, repaired: 1 }, ago(27));
    await run(
      shop.id,
      latest,
      "products",
      {
        status: "failed",
        checked: 0,
        repaired: 0,
        error: "ReconcileProducts failed after 6 attempt(s): HTTP 503",
      },
      ago(29),
    );
    await run(shop.id, latest, "customers", { status: "completed", checked: 2, repaired: 2 }, ago(28));

    await event(shop.id, "waiting-1", "received", ago(12));
    await event(shop.id, "waiting-2", "processing", ago(3));
    await event(shop.id, "failed-1", "failed", ago(40));
    await event(shop.id, "done-1", "processed", ago(50));
    await event(other.id, "theirs-1", "received", ago(500));
    // Two days whose facts wait for their refresh (and another shop's, which is not this shop's lag).
    const staleSince = ago(7);
    await db.staleFactDay.createMany({
      data: [
        { shopId: shop.id, day: new Date("2026-11-20T00:00:00Z"), staleSince },
        { shopId: shop.id, day: new Date("2026-11-21T00:00:00Z"), staleSince: ago(2) },
        { shopId: other.id, day: new Date("2026-11-20T00:00:00Z"), staleSince: ago(90) },
      ],
    });

    const { sync } = await load();
    const { last, lag, lastReconciledAt } = sync.reconciliation;
    expect(lastReconciledAt).toEqual(mark);
    expect(last).toEqual({
      startedAt: latest,
      finishedAt: expect.any(Date),
      status: "failed",
      checked: 6,
      repaired: 3,
      skipped: 0,
      resources: [
        {
          resource: "products",
          status: "failed",
          checked: 0,
          repaired: 0,
          skipped: 0,
          error: "ReconcileProducts failed after 6 attempt(s): HTTP 503",
        },
        { resource: "customers", status: "completed", checked: 2, repaired: 2, skipped: 0, error: null },
        { resource: "orders", status: "completed", checked: 4, repaired: 1, skipped: 0, error: null },
      ],
    });
    // It took from its start to its last resource's end.
    const orders = await db.syncRun.findFirstOrThrow({
      where: { shopId: shop.id, startedAt: latest, resource: "orders" },
    });
    expect(last?.finishedAt).toEqual(orders.finishedAt);

    const waiting = await db.webhookEvent.findUniqueOrThrow({
      where: { shopId_webhookId: { shopId: shop.id, webhookId: "waiting-1" } },
    });
    expect(lag).toEqual({
      asOf: expect.any(Date),
      verifiedThrough: mark,
      verifiedBy: "reconciliation",
      sinceVerifiedMs: lag.asOf.getTime() - mark.getTime(),
      webhooks: {
        waiting: 2,
        failed: 1,
        oldestWaitingAt: waiting.receivedAt,
        oldestWaitingMs: lag.asOf.getTime() - waiting.receivedAt.getTime(),
      },
      facts: { staleDays: 2, staleSince, staleForMs: lag.asOf.getTime() - staleSince.getTime() },
    });

    // A reconciliation still running shows as running, with no end yet.
    const now = ago(1);
    await run(shop.id, now, "products", { status: "completed", checked: 1, repaired: 0 }, now);
    await run(shop.id, now, "inventoryItems", { status: "running", checked: 0, repaired: 0 }, null);
    expect((await syncOverview(db, shop.id)).reconciliation.last).toMatchObject({
      startedAt: now,
      status: "running",
      finishedAt: null,
    });
  });

  it("has no lag to show for a shop whose import has not started", async () => {
    const shop = await db.shop.create({ data: { domain: "fresh-sync-page.myshopify.com" } });
    const { reconciliation } = await syncOverview(db, shop.id);
    expect(reconciliation).toMatchObject({
      last: null,
      lag: {
        verifiedThrough: null,
        verifiedBy: null,
        sinceVerifiedMs: null,
        webhooks: { waiting: 0, failed: 0, oldestWaitingAt: null, oldestWaitingMs: null },
      },
    });
  });
});
