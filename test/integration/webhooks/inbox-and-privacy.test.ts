// Webhook deliveries really signed with the app secret (getHmac from @shopify/shopify-api's test helpers, as
// Shopify signs them), through the /webhooks route into PostgreSQL and the queue, then applied by the worker.
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { MAX_WEBHOOK_BYTES } from "~/sync/webhooks/inbox.server";
import { useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";
import { runQueuedJobs } from "../../support/webhooks";

const SECRET = "webhook-test-secret";
useAppEnv({ apiSecret: SECRET });

let next = 1;
async function deliver(
  shop: string,
  topic: string,
  body: string,
  options: { webhookId?: string; secret?: string; headers?: Record<string, string> } = {},
) {
  const { action } = await import("~/routes/webhooks");
  const request = new Request("https://keel.example.com/webhooks", {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Webhook-Id": options.webhookId ?? `wh-${next++}`,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Hmac-Sha256": getHmac(body, options.secret ?? SECRET),
      ...options.headers,
    },
  });
  const response = await action({ request, params: {}, context: {} });
  return { status: response.status, body: await response.json() };
}

const work = runQueuedJobs;

describe("POST /webhooks", () => {
  it("stores a signed delivery once, queues it, and answers a redelivery 200 without storing it again", async () => {
    const shop = await seedShop(db, "inbox.myshopify.com");
    const body = '{"id": 9007199254740993, "domain": "inbox.myshopify.com"}';
    expect(await deliver(shop.domain, "app/uninstalled", body, { webhookId: "same" })).toEqual({
      status: 200,
      body: { received: true },
    });
    expect(await deliver(shop.domain, "app/uninstalled", body, { webhookId: "same" })).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });
    const events = await db.webhookEvent.findMany({ where: { shopId: shop.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      webhookId: "same",
      topic: "app/uninstalled",
      apiVersion: "2026-07",
      status: "received",
    });
    // The 64-bit id is kept exactly (stored as jsonb from the raw text, never through a JS number).
    const [{ id }] = await db.$queryRaw<
      { id: string }[]
    >`SELECT body->>'id' AS id FROM webhook_events WHERE webhook_id = 'same'`;
    expect(id).toBe("9007199254740993");
  });

  it.each([
    [
      "a signature made with another secret",
      { secret: "forged" },
      401,
      "the HMAC signature is missing or does not match the body",
    ],
    [
      "no signature",
      { headers: { "X-Shopify-Hmac-Sha256": "" } },
      401,
      "the HMAC signature is missing or does not match the body",
    ],
  ])("refuses %s with %i and stores nothing", async (_label, options, status, error) => {
    const shop = await seedShop(db, `forged-${next}.myshopify.com`);
    expect(await deliver(shop.domain, "app/uninstalled", "{}", options)).toEqual({ status, body: { error } });
    expect(await db.webhookEvent.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("refuses an unknown topic, an unknown shop, a body that is not JSON, and an oversized body", async () => {
    const shop = await seedShop(db, "picky.myshopify.com");
    expect(await deliver(shop.domain, "carts/update", "{}")).toEqual({
      status: 400,
      body: { error: "Keel does not subscribe to the topic carts/update" },
    });
    expect(await deliver("stranger.myshopify.com", "app/uninstalled", "{}")).toEqual({
      status: 404,
      body: { error: "unknown shop stranger.myshopify.com" },
    });
    expect(await deliver("stranger.myshopify.com", "shop/redact", "{}")).toEqual({
      status: 200,
      body: { received: true, note: "Keel holds no data of this shop" },
    });
    expect(await deliver(shop.domain, "app/uninstalled", "{not json")).toEqual({
      status: 400,
      body: { error: "the body is not JSON" },
    });
    const huge = JSON.stringify({ note: "x".repeat(MAX_WEBHOOK_BYTES) });
    expect(await deliver(shop.domain, "app/uninstalled", huge)).toEqual({
      status: 413,
      body: { error: `the body is larger than ${MAX_WEBHOOK_BYTES} bytes` },
    });
    expect(await db.webhookEvent.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("privacy and uninstall handlers", () => {
  it("app/uninstalled removes the shop's sessions and marks it uninstalled, keeping its data", async () => {
    const shop = await seedShop(db, "leaving.myshopify.com", { orders: [{ total: "5.00" }] });
    await db.session.create({
      data: { id: "offline_leaving.myshopify.com", shop: shop.domain, state: "s", accessToken: "t" },
    });
    await deliver(shop.domain, "app/uninstalled", "{}");
    await work();
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    const after = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(after.uninstalledAt).not.toBeNull();
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(1);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(event).toMatchObject({ status: "processed", attempts: 1 });
  });

  it("customers/redact clears the customer's personal fields and their orders' email, keeping the sales", async () => {
    const shop = await seedShop(db, "redact.myshopify.com", {
      orders: [{ total: "12.00" }, { total: "8.00" }],
    });
    const customer = await db.customer.findFirstOrThrow({ where: { shopId: shop.id } });
    await db.order.updateMany({ where: { shopId: shop.id }, data: { email: "buyer@example.com" } });
    const other = await db.customer.create({
      data: { shopId: shop.id, id: 424242n, email: "keep@example.com" },
    });
    await deliver(
      shop.domain,
      "customers/redact",
      JSON.stringify({
        shop_domain: shop.domain,
        customer: { id: Number(customer.id), email: "x", phone: "y" },
        orders_to_redact: [],
      }),
    );
    await work();
    const redacted = await db.customer.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: customer.id } },
    });
    expect(redacted).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      city: null,
      province: null,
    });
    expect(redacted.redactedAt).not.toBeNull();
    expect((await db.order.findMany({ where: { shopId: shop.id } })).map((o) => o.email)).toEqual([
      null,
      null,
    ]);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(2);
    expect(
      (await db.customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: other.id } } }))
        .email,
    ).toBe("keep@example.com");
    expect(await db.privacyRequest.count({ where: { shopId: shop.id, topic: "customers/redact" } })).toBe(1);
  });

  it("customers/data_request assembles the customer's data and records the request", async () => {
    const shop = await seedShop(db, "request.myshopify.com", { orders: [{ total: "7.50", lines: 2 }] });
    const customer = await db.customer.findFirstOrThrow({ where: { shopId: shop.id } });
    await deliver(
      shop.domain,
      "customers/data_request",
      JSON.stringify({
        customer: { id: Number(customer.id) },
        orders_requested: [],
        data_request: { id: 9999 },
      }),
    );
    await work();
    const request = await db.privacyRequest.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(request).toMatchObject({
      topic: "customers/data_request",
      customerId: customer.id,
      dataRequestId: 9999n,
    });
    const exported = request.export as {
      customer: { email: string };
      orders: { total: string; lines: unknown[] }[];
    };
    expect(exported.customer.email).toBe("buyer@request.myshopify.com");
    expect(exported.orders).toHaveLength(1);
    expect(exported.orders[0].total).toBe("7.5");
    expect(exported.orders[0].lines).toHaveLength(2);
  });

  it("shop/redact leaves no row of the shop in any table, and no other shop loses a row", async () => {
    const doomed = await seedShop(db, "doomed.myshopify.com", { products: 2, orders: [{ total: "3.00" }] });
    const bystander = await seedShop(db, "bystander.myshopify.com", {
      products: 1,
      orders: [{ total: "4.00" }],
    });
    await db.session.create({
      data: { id: "offline_doomed.myshopify.com", shop: doomed.domain, state: "s", accessToken: "t" },
    });
    const tables = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'shop_id' ORDER BY table_name`;
    const rows = async (shopId: number) => {
      const counts: Record<string, number> = {};
      for (const { table_name } of tables) {
        const [{ n }] = await db.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM "${table_name}" WHERE shop_id = $1::int`,
          shopId,
        );
        counts[table_name] = Number(n);
      }
      return counts;
    };
    const bystanderBefore = await rows(bystander.id);

    await deliver(doomed.domain, "shop/redact", JSON.stringify({ shop_domain: doomed.domain }));
    await work();

    expect(tables.length).toBeGreaterThanOrEqual(14);
    expect(Object.values(await rows(doomed.id)).every((n) => n === 0)).toBe(true);
    expect(await db.shop.count({ where: { id: doomed.id } })).toBe(0);
    expect(await db.session.count({ where: { shop: doomed.domain } })).toBe(0);
    expect(await rows(bystander.id)).toEqual(bystanderBefore);
  });
});
