// refunds/create before and after its order, inventory_items/update and app/scopes_update, really signed.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";
import { deliverWebhook, runQueuedJobs } from "../../support/webhooks";

const SECRET = "refund-webhook-secret";
useAppEnv({ apiSecret: SECRET });

const deliver = async (shop: string, topic: string, body: unknown) =>
  expect(await deliverWebhook(SECRET, shop, topic, JSON.stringify(body))).toBe(200);

const refund = (orderId: number) => ({
  id: 509562969,
  order_id: orderId,
  created_at: "2025-04-02T11:31:33-05:00",
  note: "it broke during shipping",
  refund_line_items: [
    {
      id: 104689539,
      line_item_id: 703073504,
      quantity: 1,
      subtotal: "195.66",
      total_tax: "3.98",
      restock_type: "no_restock",
      location_id: null,
    },
  ],
});

describe("refunds/create", () => {
  it("waits, by failing and being retried, for an order Keel does not have, then lands on it", async () => {
    const shop = await seedShop(db, "refunds-hooks.myshopify.com", { orders: [{ total: "199.65" }] });
    const order = await db.order.findFirstOrThrow({ where: { shopId: shop.id } });

    await deliver(shop.domain, "refunds/create", refund(450789469));
    await runQueuedJobs();
    const waiting = await db.webhookEvent.findFirstOrThrow({
      where: { shopId: shop.id, topic: "refunds/create" },
    });
    expect(waiting).toMatchObject({ status: "received", attempts: 1 });
    expect(waiting.error).toBe("refund 509562969 is for order 450789469, which Keel does not have yet");

    await deliver(shop.domain, "refunds/create", { ...refund(Number(order.id)), id: 509562970 });
    await runQueuedJobs();
    const stored = await db.refund.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 509562970n } },
      include: { lines: true },
    });
    expect(stored).toMatchObject({ orderId: order.id, note: "it broke during shipping" });
    expect(
      stored.lines.map((l) => [l.orderLineId, l.quantity, l.subtotal.toString(), l.restockType]),
    ).toEqual([[703073504n, 1, "195.66", "no_restock"]]);
  });
});

describe("inventory_items/update and app/scopes_update", () => {
  it("set the variant's unit cost and tracking (never from an older item), and the granted scopes", async () => {
    const shop = await seedShop(db, "items-hooks.myshopify.com");
    const variant = await db.variant.findFirstOrThrow({ where: { shopId: shop.id } });
    await db.variant.update({
      where: { shopId_id: { shopId: shop.id, id: variant.id } },
      data: { inventoryItemId: 808950810n },
    });
    await db.session.create({
      data: {
        id: "offline_items-hooks.myshopify.com",
        shop: shop.domain,
        state: "s",
        accessToken: "t",
        scope: "read_orders",
      },
    });

    await deliver(shop.domain, "inventory_items/update", {
      id: 808950810,
      sku: "IPOD2008PINK",
      cost: "25.00",
      tracked: false,
      updated_at: "2025-04-02T11:29:59-05:00",
    });
    await deliver(shop.domain, "app/scopes_update", {
      id: 1,
      previous: ["read_orders"],
      current: ["read_orders", "read_products"],
      updated_at: "2025-04-02T11:29:59-05:00",
    });
    await runQueuedJobs();

    const updated = await db.variant.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: variant.id } },
    });
    expect(updated.unitCost?.toString()).toBe("25");
    expect(updated.tracked).toBe(false);

    // A newer cost, then an older delivery of the item arriving late: the newer cost stays.
    await deliver(shop.domain, "inventory_items/update", {
      id: 808950810,
      cost: "27.50",
      tracked: true,
      updated_at: "2025-04-03T09:00:00-05:00",
    });
    await deliver(shop.domain, "inventory_items/update", {
      id: 808950810,
      cost: "19.00",
      tracked: false,
      updated_at: "2025-04-02T12:00:00-05:00",
    });
    await runQueuedJobs();
    const latest = await db.variant.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: variant.id } },
    });
    expect([latest.unitCost?.toString(), latest.tracked]).toEqual(["27.5", true]);
    expect(latest.inventoryItemUpdatedAt?.toISOString()).toBe("2025-04-03T14:00:00.000Z");
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).scopes).toBe(
      "read_orders,read_products",
    );
    expect((await db.session.findFirstOrThrow({ where: { shop: shop.domain } })).scope).toBe(
      "read_orders,read_products",
    );
  });
});
