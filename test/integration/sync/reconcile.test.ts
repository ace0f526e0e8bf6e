// Reconciliation against the sandbox store. Each test changes the store as Shopify would (a record edited,
// its updatedAt moved on) without any webhook, as if every delivery had been lost, then reconciles with a mark
// just before the changes: products, inventory items, inventory levels, customers and orders are repaired;
// a second pass repairs nothing; newer data from webhooks is never overwritten; a resource that fails is
// recorded while the others repair, and the mark stays put until every resource completed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { backfillShop } from "~/sync/backfill/backfill.server";
import { reconcileShop, type ReconcileResult } from "~/sync/reconcile/index.server";
import { syncOverview } from "~/sync/sync-status.server";
import { startSandbox, type Sandbox } from "../../../sandbox/index";
import { generateSyntheticStore } from "../../../sandbox/store/index";
import type { SandboxOrder, SandboxStore } from "../../../sandbox/store/types";

let sandbox: Sandbox;
let shopId: number;
const asOf = new Date("2026-11-30T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const numeric = (gid: string) => BigInt(gid.slice(gid.lastIndexOf("/") + 1).split("?")[0]);

/** A client that gives up after two attempts and does not wait between them. */
function adminClient(): AdminClient {
  return new AdminClient({
    shop: sandbox.shopDomain,
    accessToken: sandbox.issueAccessToken(),
    origin: sandbox.origin,
    maxAttempts: 2,
    sleep: async () => {},
  });
}

async function reconcileFrom(mark: Date, now: Date): Promise<ReconcileResult> {
  await db.shop.update({ where: { id: shopId }, data: { lastReconciledAt: mark } });
  return reconcileShop(db, adminClient(), shopId, now);
}

const perResource = (result: ReconcileResult) =>
  Object.fromEntries(
    result.resources.map((r) => [r.resource, { status: r.status, checked: r.checked, repaired: r.repaired }]),
  );

/** The store's pieces a test changes: the n-th product (and its first variant) and customer, from the end. */
function pick(store: SandboxStore, n: number) {
  const product = store.products[store.products.length - 1 - n];
  const variant = product.variants[0];
  const level = variant.inventoryItem.inventoryLevels[0];
  const customer = store.customers[store.customers.length - 1 - n];
  const order = store.orders.filter((o) => o.lineItems.length > 0 && o.refunds.length === 0)[n];
  return { product, variant, item: variant.inventoryItem, level, customer, order };
}

/** An order placed in the store with no orders/create delivered: a past basket under new ids. */
function orderWithoutWebhook(store: SandboxStore, template: SandboxOrder, time: Date): SandboxOrder {
  const biggest = (ids: string[]) => ids.reduce((max, id) => (numeric(id) > max ? numeric(id) : max), 0n);
  const orderId = biggest(store.orders.map((o) => o.id)) + 1n;
  let lineId = biggest(store.orders.flatMap((o) => o.lineItems.map((l) => l.id)));
  const iso = time.toISOString();
  const order: SandboxOrder = {
    ...template,
    id: `gid://shopify/Order/${orderId}`,
    name: `#R${orderId}`,
    createdAt: iso,
    processedAt: iso,
    updatedAt: iso,
    refunds: [],
    lineItems: template.lineItems.map((line) => ({ ...line, id: `gid://shopify/LineItem/${++lineId}` })),
  };
  store.orders.push(order);
  return order;
}

beforeAll(async () => {
  const store = generateSyntheticStore({ orders: 40, seed: 21, asOf, days: 60 });
  // A roomy cost bucket: these tests are about what is repaired, not about waiting for Shopify's rate limit.
  sandbox = await startSandbox({
    store,
    apiKey: "k",
    apiSecret: "s",
    bucket: { maximumAvailable: 100_000, restoreRate: 50_000 },
  });
  const shop = await db.shop.create({ data: { domain: sandbox.shopDomain } });
  shopId = shop.id;
  await backfillShop({ db, admin: adminClient(), shopId, pollIntervalMs: 5 });
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("reconciliation", () => {
  it("repairs a product, an inventory item, an inventory level, a customer and an order that no webhook brought, and nothing when run again", async () => {
    // Mid-morning, with the changes later that same day: customers' day-wide filter must still find them.
    const mark = at(asOf, 3 * DAY + 6 * HOUR);
    const changed = at(mark, HOUR);
    const { product, variant, item, level, customer } = pick(sandbox.store, 0);
    // The item whose cost changes belongs to another product, whose own updated_at does not move.
    const costed = pick(sandbox.store, 1).item;

    product.title = "Renamed while the webhooks were down";
    product.updatedAt = changed.toISOString();
    variant.price = "123.45";
    variant.updatedAt = changed.toISOString();
    costed.unitCost = { amount: "7.77", currencyCode: sandbox.store.shop.currencyCode };
    costed.updatedAt = changed.toISOString();
    const available = level.quantities.find((q) => q.name === "available")!;
    available.quantity += 17;
    level.updatedAt = changed.toISOString();
    customer.firstName = "Reconciled";
    customer.updatedAt = changed.toISOString();
    const order = orderWithoutWebhook(sandbox.store, pick(sandbox.store, 0).order, changed);

    const first = await reconcileFrom(mark, at(mark, 2 * HOUR));
    expect(perResource(first)).toEqual({
      products: { status: "completed", checked: 1, repaired: 1 },
      inventoryItems: { status: "completed", checked: 1, repaired: 1 },
      inventoryLevels: { status: "completed", checked: 1, repaired: 1 },
      customers: { status: "completed", checked: 1, repaired: 1 },
      orders: { status: "completed", checked: 1, repaired: 1 },
    });
    expect(first.failed).toEqual([]);

    const productRow = await db.product.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(product.id) } },
    });
    expect(productRow.title).toBe("Renamed while the webhooks were down");
    const variantRow = await db.variant.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(variant.id) } },
    });
    expect(variantRow.price.toString()).toBe("123.45");
    const costedRow = await db.variant.findFirstOrThrow({
      where: { shopId, inventoryItemId: numeric(costed.id) },
    });
    expect(costedRow.unitCost?.toString()).toBe("7.77");
    const levelRow = await db.inventoryLevel.findUniqueOrThrow({
      where: {
        shopId_inventoryItemId_locationId: {
          shopId,
          inventoryItemId: numeric(item.id),
          locationId: numeric(level.location.id),
        },
      },
    });
    expect(levelRow.available).toBe(available.quantity);
    const customerRow = await db.customer.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(customer.id) } },
    });
    expect(customerRow.firstName).toBe("Reconciled");
    const orderRow = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(order.id) } },
    });
    expect(orderRow.total.toString()).toBe(Number(order.totalPriceSet.shopMoney.amount).toString());
    expect(await db.orderLine.count({ where: { shopId, orderId: numeric(order.id) } })).toBe(
      order.lineItems.length,
    );
    expect((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).lastReconciledAt).toEqual(
      at(mark, 2 * HOUR),
    );

    // The same window again: everything is looked at, nothing differs.
    const second = await reconcileFrom(mark, at(mark, 2 * HOUR));
    expect(perResource(second)).toEqual({
      products: { status: "completed", checked: 1, repaired: 0 },
      inventoryItems: { status: "completed", checked: 1, repaired: 0 },
      inventoryLevels: { status: "completed", checked: 1, repaired: 0 },
      customers: { status: "completed", checked: 1, repaired: 0 },
      orders: { status: "completed", checked: 1, repaired: 0 },
    });

    // The Sync page's last run is this one, resource by resource.
    const { reconciliation } = await syncOverview(db, shopId);
    expect(reconciliation.last).toMatchObject({ status: "completed", checked: 5, repaired: 0 });
    expect(reconciliation.last?.resources.map((r) => r.resource)).toEqual([
      "products",
      "inventoryItems",
      "inventoryLevels",
      "customers",
      "orders",
    ]);
    expect(reconciliation.lag.verifiedThrough).toEqual(at(mark, 2 * HOUR));
    expect(reconciliation.lag.verifiedBy).toBe("reconciliation");
    // Every page stayed within Shopify's query cost limit, and every filter was one the connection accepts.
    const reconcileCalls = sandbox.calls.filter((c) => c.operationName?.startsWith("Reconcile"));
    expect(reconcileCalls.length).toBeGreaterThan(0);
    expect(reconcileCalls.every((c) => c.status === 200 && c.errorCodes.length === 0)).toBe(true);
    expect(Math.max(...reconcileCalls.map((c) => c.requestedQueryCost ?? 0))).toBeLessThanOrEqual(1000);
  });

  it("never overwrites newer data a webhook brought with Shopify's older answer", async () => {
    const mark = at(asOf, 10 * DAY + 6 * HOUR);
    const changed = at(mark, HOUR);
    const newer = at(mark, 3 * HOUR);
    const { product, item, level, customer, order } = pick(sandbox.store, 2);

    // Shopify's copy moved at `changed`; Keel holds a later version of each record (a webhook after it).
    product.title = "Older title";
    product.updatedAt = changed.toISOString();
    level.quantities.find((q) => q.name === "available")!.quantity = 5;
    level.updatedAt = changed.toISOString();
    customer.firstName = "Older name";
    customer.updatedAt = changed.toISOString();
    order.tags = ["older"];
    order.updatedAt = changed.toISOString();
    await db.product.update({
      where: { shopId_id: { shopId, id: numeric(product.id) } },
      data: { title: "Newer title", shopifyUpdatedAt: newer },
    });
    const levelKey = {
      shopId,
      inventoryItemId: numeric(item.id),
      locationId: numeric(level.location.id),
    };
    await db.inventoryLevel.update({
      where: { shopId_inventoryItemId_locationId: levelKey },
      data: { available: 77, shopifyUpdatedAt: newer },
    });
    await db.customer.update({
      where: { shopId_id: { shopId, id: numeric(customer.id) } },
      data: { firstName: "Newer name", shopifyUpdatedAt: newer },
    });
    await db.order.update({
      where: { shopId_id: { shopId, id: numeric(order.id) } },
      data: { tags: ["newer"], shopifyUpdatedAt: newer },
    });

    const result = await reconcileFrom(mark, at(mark, 4 * HOUR));
    expect(perResource(result)).toMatchObject({
      products: { status: "completed", checked: 1, repaired: 0 },
      inventoryLevels: { status: "completed", checked: 1, repaired: 0 },
      customers: { status: "completed", checked: 1, repaired: 0 },
      orders: { status: "completed", checked: 1, repaired: 0 },
    });
    const productRow = await db.product.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(product.id) } },
    });
    expect(productRow.title).toBe("Newer title");
    const levelRow = await db.inventoryLevel.findUniqueOrThrow({
      where: { shopId_inventoryItemId_locationId: levelKey },
    });
    expect(levelRow.available).toBe(77);
    const customerRow = await db.customer.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(customer.id) } },
    });
    expect(customerRow.firstName).toBe("Newer name");
    const orderRow = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(order.id) } },
    });
    expect(orderRow.tags).toEqual(["newer"]);
  });

  it("writes Shopify's content over another version a webhook left under the same updated_at", async () => {
    // Shopify's REST times have whole seconds: two versions in one second share a time, and the one delivered
    // last was the older. Keel's rows below hold that older content with the store's own time.
    const mark = at(asOf, 12 * DAY);
    const changed = at(mark, HOUR);
    const { product, customer, order } = pick(sandbox.store, 3);
    product.title = "Current title";
    product.updatedAt = changed.toISOString();
    customer.firstName = "Current name";
    customer.updatedAt = changed.toISOString();
    order.tags = ["current"];
    order.updatedAt = changed.toISOString();
    await db.product.update({
      where: { shopId_id: { shopId, id: numeric(product.id) } },
      data: { title: "Same-second title", shopifyUpdatedAt: changed },
    });
    await db.customer.update({
      where: { shopId_id: { shopId, id: numeric(customer.id) } },
      data: { firstName: "Same-second name", shopifyUpdatedAt: changed },
    });
    await db.order.update({
      where: { shopId_id: { shopId, id: numeric(order.id) } },
      data: { tags: ["same-second"], shopifyUpdatedAt: changed },
    });

    const repairs = { status: "completed", repaired: 1 };
    expect(perResource(await reconcileFrom(mark, at(mark, 2 * HOUR)))).toMatchObject({
      products: repairs,
      customers: repairs,
      orders: repairs,
    });
    const where = (id: string) => ({ where: { shopId_id: { shopId, id: numeric(id) } } });
    expect((await db.product.findUniqueOrThrow(where(product.id))).title).toBe("Current title");
    expect((await db.customer.findUniqueOrThrow(where(customer.id))).firstName).toBe("Current name");
    expect((await db.order.findUniqueOrThrow(where(order.id))).tags).toEqual(["current"]);

    // The same answer again: same time, same content, nothing to repair.
    const nothing = { status: "completed", repaired: 0 };
    expect(perResource(await reconcileFrom(mark, at(mark, 2 * HOUR)))).toMatchObject({
      products: nothing,
      customers: nothing,
      orders: nothing,
    });
  });

  it("reads every refund of an order and every line of a refund, past the first page's three and five", async () => {
    const mark = at(asOf, 14 * DAY);
    const changed = at(mark, HOUR);
    const template = sandbox.store.orders.find((o) => o.refunds.some((r) => r.refundLineItems.length > 0))!;
    const order = orderWithoutWebhook(sandbox.store, pick(sandbox.store, 4).order, changed);
    const lineTemplate = template.refunds.find((r) => r.refundLineItems.length > 0)!.refundLineItems[0];
    let nextId = 9_000_000;
    // Five refunds, the first with seven lines: two more refunds than the orders page holds, two more lines.
    order.refunds = Array.from({ length: 5 }, (_, r) => ({
      id: `gid://shopify/Refund/${++nextId}`,
      note: `refund ${r + 1}`,
      createdAt: at(changed, (r + 1) * 60_000).toISOString(),
      updatedAt: at(changed, (r + 1) * 60_000).toISOString(),
      refundLineItems: Array.from({ length: r === 0 ? 7 : 1 }, (_, l) => ({
        ...lineTemplate,
        id: `gid://shopify/RefundLineItem/${++nextId}`,
        lineItem: order.lineItems[l % order.lineItems.length],
        quantity: 1,
      })),
    }));

    expect(perResource(await reconcileFrom(mark, at(mark, 2 * HOUR))).orders).toEqual({
      status: "completed",
      checked: 1,
      repaired: 1,
    });
    const refunds = await db.refund.findMany({
      where: { shopId, orderId: numeric(order.id) },
      include: { lines: true },
      orderBy: { id: "asc" },
    });
    expect(refunds.map((r) => [r.note, r.lines.length])).toEqual([
      ["refund 1", 7],
      ["refund 2", 1],
      ["refund 3", 1],
      ["refund 4", 1],
      ["refund 5", 1],
    ]);
    const names = sandbox.calls.map((c) => c.operationName);
    expect(names).toContain("ReconcileOrderRefunds");
    expect(names).toContain("ReconcileRefundLines");
  });

  it("records a resource that fails, repairs the others, and keeps the mark until a run completes", async () => {
    const mark = at(asOf, 20 * DAY + 6 * HOUR);
    const changed = at(mark, HOUR);
    const { product, customer, level } = pick(sandbox.store, 3);
    product.title = "Renamed before an outage";
    product.updatedAt = changed.toISOString();
    customer.lastName = "Repaired anyway";
    customer.updatedAt = changed.toISOString();
    level.quantities.find((q) => q.name === "available")!.quantity += 3;
    level.updatedAt = changed.toISOString();
    const order = orderWithoutWebhook(sandbox.store, pick(sandbox.store, 1).order, changed);

    // Products go first: their first page is refused on both attempts the client makes.
    sandbox.failNext("graphql", 503, 2);
    const failed = await reconcileFrom(mark, at(mark, 2 * HOUR));
    expect(failed.failed).toEqual(["products"]);
    expect(failed.resources[0]).toMatchObject({ resource: "products", status: "failed", checked: 0 });
    expect(failed.resources[0].error).toMatch(/ReconcileProducts failed after 2 attempt\(s\): HTTP 503/);
    expect(perResource(failed)).toMatchObject({
      inventoryLevels: { status: "completed", checked: 1, repaired: 1 },
      customers: { status: "completed", checked: 1, repaired: 1 },
      orders: { status: "completed", checked: 1, repaired: 1 },
    });
    const customerRow = await db.customer.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(customer.id) } },
    });
    expect(customerRow.lastName).toBe("Repaired anyway");
    expect(await db.order.count({ where: { shopId, id: numeric(order.id) } })).toBe(1);
    const stale = await db.product.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(product.id) } },
    });
    expect(stale.title).not.toBe("Renamed before an outage");
    // The mark stays: the next reconciliation asks for the failed resource's window again.
    expect((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).lastReconciledAt).toEqual(mark);

    const { reconciliation } = await syncOverview(db, shopId);
    expect(reconciliation.last?.status).toBe("failed");
    expect(reconciliation.last?.resources.find((r) => r.resource === "products")).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/HTTP 503/),
    });
    expect(reconciliation.lag.verifiedThrough).toEqual(mark);

    // The retry (the job's, with the mark unchanged) repairs the product; the rest is already in step.
    const retry = await reconcileShop(db, adminClient(), shopId, at(mark, 3 * HOUR));
    expect(perResource(retry)).toMatchObject({
      products: { status: "completed", checked: 1, repaired: 1 },
      customers: { status: "completed", checked: 1, repaired: 0 },
      orders: { status: "completed", checked: 1, repaired: 0 },
    });
    const product2 = await db.product.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: numeric(product.id) } },
    });
    expect(product2.title).toBe("Renamed before an outage");
    expect((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).lastReconciledAt).toEqual(
      at(mark, 3 * HOUR),
    );
  });
});
