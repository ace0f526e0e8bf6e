// Order webhooks as Shopify delivers them (REST order bodies, really signed), duplicated, late and out of order:
// the stored order converges on the newest state, and a delete that arrives first leaves nothing behind.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { applyRecord } from "~/sync/handlers/apply.server";
import { orderRecords } from "~/sync/handlers/orders.server";
import { parseExactJson } from "~/sync/handlers/rest-body.server";
import { useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";
import { deliverWebhook, runQueuedJobs } from "../../support/webhooks";

const SECRET = "orders-webhook-secret";
useAppEnv({ apiSecret: SECRET });
const BIG_ID = "9007199254740993"; // 2^53 + 1: a JS number cannot hold it

/** A REST order body, written as text so that its 64-bit id reaches the endpoint as Shopify sends it. */
function orderBody(orderId: string, updatedAt: string, total: string, extra = "") {
  return `{"id": ${orderId}, "name": "#1001", "email": "ada@example.com", "customer": {"id": 77},
    "source_name": "web", "financial_status": "paid", "fulfillment_status": null, "currency": "GBP",
    "subtotal_price": "${total}", "total_discounts": "0.00",
    "total_shipping_price_set": {"shop_money": {"amount": "0.00", "currency_code": "GBP"}},
    "total_tax": "0.00", "total_price": "${total}", "test": false, "tags": "gift, vip",
    "note_attributes": [{"name": "gift", "value": "yes"}], "created_at": "2026-11-01T10:00:00+00:00",
    "processed_at": "2026-11-01T10:00:00+00:00", "cancelled_at": null, "cancel_reason": null,
    "updated_at": "${updatedAt}",
    "line_items": [{"id": 5001, "variant_id": 9007199254740995, "product_id": 12, "sku": "TEE", "title": "Tee",
      "quantity": 2, "price": "${total}", "total_discount": "0.00"}]${extra}}`;
}

async function deliver(shop: string, topic: string, body: string) {
  expect(await deliverWebhook(SECRET, shop, topic, body)).toBe(200);
}

const work = runQueuedJobs;
const stored = (shopId: number, id: string) =>
  db.order.findUnique({ where: { shopId_id: { shopId, id: BigInt(id) } }, include: { lines: true } });

describe("exact JSON", () => {
  it("reads integers beyond 2^53 as exact strings and leaves the rest alone", () => {
    expect(
      parseExactJson('{"id": 9007199254740993, "n": [12345678901234567, 3], "price": "1.50", "q": 2}'),
    ).toEqual({
      id: "9007199254740993",
      n: ["12345678901234567", 3],
      price: "1.50",
      q: 2,
    });
  });
});

describe("order webhooks", () => {
  it("store the order with its lines, its 64-bit ids exact, and ignore a late, older update", async () => {
    const shop = await seedShop(db, "orders-hooks.myshopify.com");
    await deliver(shop.domain, "orders/create", orderBody(BIG_ID, "2026-11-01T10:00:00Z", "20.00"));
    await work();
    const created = await stored(shop.id, BIG_ID);
    expect(created).toMatchObject({
      id: 9007199254740993n,
      customerId: 77n,
      tags: ["gift", "vip"],
      financialStatus: "paid",
    });
    expect(created?.total.toString()).toBe("20");
    expect(created?.lines.map((l) => [l.id, l.variantId, l.quantity])).toEqual([
      [5001n, 9007199254740995n, 2],
    ]);

    // A newer update, then the older one arriving late (Shopify does not promise order).
    await deliver(shop.domain, "orders/updated", orderBody(BIG_ID, "2026-11-03T10:00:00Z", "30.00"));
    await deliver(shop.domain, "orders/updated", orderBody(BIG_ID, "2026-11-02T10:00:00Z", "25.00"));
    await work();
    const latest = await stored(shop.id, BIG_ID);
    expect(latest?.total.toString()).toBe("30");
    expect(latest?.lines[0].price.toString()).toBe("30");
    expect(latest?.shopifyUpdatedAt?.toISOString()).toBe("2026-11-03T10:00:00.000Z");
  });

  it("take a second version that carries the same whole-second updated_at, and count a redelivery as unchanged", async () => {
    const shop = await seedShop(db, "same-second.myshopify.com");
    // Shopify's REST times have whole seconds: placed and then edited within one second, two versions share it.
    const time = "2026-11-05T09:30:00Z";
    await deliver(shop.domain, "orders/create", orderBody("4101", time, "20.00"));
    await deliver(shop.domain, "orders/updated", orderBody("4101", time, "18.00"));
    await work();
    const row = await stored(shop.id, "4101");
    expect(row?.total.toString()).toBe("18");
    expect(row?.lines[0].price.toString()).toBe("18");

    const apply = (total: string) => {
      const { order, lines } = orderRecords(parseExactJson(orderBody("4101", time, total)));
      return applyRecord(db, shop.id, "orders", order.id, order.updatedAt, [
        { kind: "order", record: order },
        ...lines.map((record) => ({ kind: "lineItem" as const, record })),
      ]);
    };
    expect(await apply("18.00")).toBe("unchanged");
    expect(await apply("17.50")).toBe("written");
    expect((await stored(shop.id, "4101"))?.total.toString()).toBe("17.5");
  });

  it("keep refunds that come inline with an update", async () => {
    const shop = await seedShop(db, "refund-hooks.myshopify.com");
    const refund = `, "refunds": [{"id": 801, "note": "damaged", "created_at": "2026-11-04T10:00:00+00:00",
      "refund_line_items": [{"id": 802, "line_item_id": 5001, "quantity": 1, "subtotal": "10.00", "total_tax": "0.00",
      "restock_type": "return", "location_id": null}]}]`;
    await deliver(shop.domain, "orders/updated", orderBody("4001", "2026-11-04T10:00:00Z", "20.00", refund));
    await work();
    const refunds = await db.refund.findMany({ where: { shopId: shop.id }, include: { lines: true } });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ orderId: 4001n, note: "damaged" });
    expect(refunds[0].lines.map((l) => [l.orderLineId, l.quantity, l.restockType])).toEqual([
      [5001n, 1, "return"],
    ]);
  });

  it("leave nothing behind when the delete arrives before the create, and mark a stored order deleted", async () => {
    const shop = await seedShop(db, "delete-hooks.myshopify.com");
    await deliver(shop.domain, "orders/delete", '{"id": 6001}');
    await work();
    await deliver(shop.domain, "orders/create", orderBody("6001", "2026-11-01T10:00:00Z", "9.00"));
    await work();
    expect(await stored(shop.id, "6001")).toBeNull();
    expect(await db.orderLine.count({ where: { shopId: shop.id, orderId: 6001n } })).toBe(0);

    await deliver(shop.domain, "orders/create", orderBody("6002", "2026-11-01T10:00:00Z", "9.00"));
    await work();
    await deliver(shop.domain, "orders/delete", '{"id": 6002}');
    await work();
    expect((await stored(shop.id, "6002"))?.deletedAt).not.toBeNull();
    const events = await db.webhookEvent.findMany({ where: { shopId: shop.id }, select: { status: true } });
    expect(events.every((e) => e.status === "processed")).toBe(true);
  });
});
