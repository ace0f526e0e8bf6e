// The webhook emitter against a real local HTTP receiver: signatures checked independently over the raw bytes,
// Shopify's headers, duplicates, seeded reordering, retries, and REST bodies the app's own schemas accept.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orderRecords } from "../../../../app/sync/handlers/orders.server";
import { parseExactJson } from "../../../../app/sync/handlers/rest-body.server";
import { isWebhookTopic } from "../../../../app/sync/webhooks/topics";
import { verifyWebhookHmac } from "../../../../app/sync/webhooks/verify";
import {
  seededRandom,
  WebhookEmitter,
  type WebhookEmitterOptions,
} from "../../../../sandbox/server/webhooks";
import type { MoneyBag, SandboxOrder } from "../../../../sandbox/store/types";
import { smallStore } from "./small-store";

const SECRET = "test_secret_key";
const SHOP = "sandbox-test.myshopify.com";

interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

let server: Server;
let endpoint: string;
let received: Received[] = [];
/** Statuses to answer, in order; 200 once exhausted. */
let answers: number[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, raw: Buffer.concat(chunks) });
      response.writeHead(answers.shift() ?? 200, { "Content-Type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  answers = [];
});

const emitter = (options: Partial<WebhookEmitterOptions> = {}) =>
  new WebhookEmitter({
    shopDomain: SHOP,
    apiSecret: SECRET,
    apiVersion: "2026-07",
    endpoint,
    retry: { attempts: 3, baseDelayMs: 10 },
    ...options,
  });

const hmac = (raw: Buffer) => createHmac("sha256", SECRET).update(raw).digest("base64");
const header = (r: Received, name: string) => r.headers[name.toLowerCase()] as string | undefined;

describe("WebhookEmitter", () => {
  it("signs the raw body as Shopify does and sends its headers", async () => {
    const hooks = emitter();
    hooks.emit("app/uninstalled", '{"foo": "bar"}');
    await hooks.idle();
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r.raw.toString("utf8")).toBe('{"foo": "bar"}');
    // The reference test vector, and an independent HMAC over the bytes received.
    expect(header(r, "X-Shopify-Hmac-Sha256")).toBe("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
    expect(header(r, "X-Shopify-Hmac-Sha256")).toBe(hmac(r.raw));
    expect(verifyWebhookHmac(r.raw, header(r, "X-Shopify-Hmac-Sha256")!, SECRET)).toBe(true);
    expect(header(r, "X-Shopify-Topic")).toBe("app/uninstalled");
    expect(header(r, "X-Shopify-Shop-Domain")).toBe(SHOP);
    expect(header(r, "X-Shopify-API-Version")).toBe("2026-07");
    expect(header(r, "X-Shopify-Webhook-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(r, "X-Shopify-Event-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(header(r, "X-Shopify-Triggered-At")!))).toBe(false);
    expect(header(r, "Content-Type")).toBe("application/json");
    expect(hooks.deliveries).toMatchObject([
      { topic: "app/uninstalled", state: "delivered", status: 200, attempts: 1 },
    ]);
  });

  it("gives every webhook its own ids and duplicates the same webhook id", async () => {
    const hooks = emitter();
    hooks.emit("orders/delete", '{"id":1}', { duplicate: 2 });
    hooks.emit("orders/delete", '{"id":2}');
    await hooks.idle();
    expect(received).toHaveLength(4);
    const ids = received.map((r) => header(r, "X-Shopify-Webhook-Id"));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[3]).not.toBe(ids[0]);
    expect(header(received[3], "X-Shopify-Event-Id")).not.toBe(header(received[0], "X-Shopify-Event-Id"));
    expect(hooks.deliveries.map((d) => d.copy)).toEqual([0, 1, 2, 0]);
    for (const r of received) expect(header(r, "X-Shopify-Hmac-Sha256")).toBe(hmac(r.raw));
  });

  it("holds deliveries and releases them in a seeded shuffled order", async () => {
    const run = async (seed: number) => {
      received = [];
      const hooks = emitter({ random: seededRandom(seed) });
      hooks.hold();
      for (let i = 0; i < 8; i++) hooks.emit("orders/updated", `{"id":${i}}`);
      await hooks.idle();
      expect(received).toHaveLength(0);
      expect(hooks.deliveries.every((d) => d.state === "held")).toBe(true);
      hooks.release({ reorder: true });
      await hooks.idle();
      return received.map((r) => (JSON.parse(r.raw.toString("utf8")) as { id: number }).id);
    };
    const first = await run(7);
    expect(first).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...first].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await run(7)).toEqual(first);

    received = [];
    const inOrder = emitter();
    inOrder.hold();
    for (let i = 0; i < 4; i++) inOrder.emit("orders/updated", `{"id":${i}}`);
    inOrder.release();
    await inOrder.idle();
    expect(received.map((r) => r.raw.toString("utf8"))).toEqual([
      '{"id":0}',
      '{"id":1}',
      '{"id":2}',
      '{"id":3}',
    ]);
  });

  it("keeps a held delivery's own reordering when the held ones are released in order", async () => {
    received = [];
    const hooks = emitter();
    hooks.hold();
    hooks.emit("orders/updated", '{"id":0}', { reorder: 2 });
    for (let i = 1; i < 4; i++) hooks.emit("orders/updated", `{"id":${i}}`);
    hooks.release();
    await hooks.idle();
    // Overtaken by the two deliveries after it, as it would have been without the hold.
    expect(received.map((r) => r.raw.toString("utf8"))).toEqual([
      '{"id":1}',
      '{"id":2}',
      '{"id":0}',
      '{"id":3}',
    ]);
  });

  it("delays a delivery behind later ones", async () => {
    const hooks = emitter();
    hooks.emit("orders/updated", '{"id":1}', { delayMs: 50 });
    hooks.emit("orders/updated", '{"id":2}');
    await hooks.idle();
    expect(received.map((r) => r.raw.toString("utf8"))).toEqual(['{"id":2}', '{"id":1}']);
  });

  it("retries a non-2xx answer with the same webhook id until it succeeds, or gives up", async () => {
    answers = [500];
    const hooks = emitter();
    hooks.emit("orders/create", '{"id":1}');
    await hooks.idle();
    expect(received).toHaveLength(2);
    expect(header(received[1], "X-Shopify-Webhook-Id")).toBe(header(received[0], "X-Shopify-Webhook-Id"));
    expect(hooks.deliveries[0]).toMatchObject({ state: "delivered", status: 200, attempts: 2 });

    received = [];
    answers = [503, 503, 503, 503];
    const failing = emitter();
    failing.emit("orders/create", '{"id":2}');
    await failing.idle();
    expect(received).toHaveLength(3);
    expect(failing.deliveries[0]).toMatchObject({ state: "failed", status: 503, attempts: 3 });
  });

  it("records a network error as status 0 and retries it", async () => {
    const hooks = emitter({
      endpoint: "http://127.0.0.1:1/webhooks",
      retry: { attempts: 2, baseDelayMs: 5 },
    });
    hooks.emit("orders/create", '{"id":1}');
    await hooks.idle();
    expect(hooks.deliveries[0]).toMatchObject({ state: "failed", status: 0, attempts: 2 });
  });

  it("adds random duplicates at duplicateRate, deterministically for a seed", async () => {
    const run = async () => {
      received = [];
      const hooks = emitter({ random: seededRandom(3), duplicateRate: 0.5 });
      for (let i = 0; i < 10; i++) hooks.emit("orders/updated", `{"id":${i}}`);
      await hooks.idle();
      return received.map((r) => r.raw.toString("utf8"));
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(10);
    expect(first.length).toBeLessThan(20);
    expect(await run()).toEqual(first);
  });

  it("refuses a body that is not JSON", () => {
    expect(() => emitter().emit("orders/create", "{nope")).toThrow();
  });
});

const money = (amount: string): MoneyBag => ({
  shopMoney: { amount, currencyCode: "GBP" },
  presentmentMoney: { amount, currencyCode: "EUR" },
});

describe("REST bodies", () => {
  const BIG_ORDER = "9007199254740993123"; // beyond 2^53
  const BIG_LINE = "9007199254740993001";
  const store = smallStore();
  const product = store.products[0];
  const variant = product.variants[0];
  const customer = store.customers[0];
  const line = {
    id: `gid://shopify/LineItem/${BIG_LINE}`,
    variant,
    product,
    sku: "SKU-1",
    title: "Mug",
    name: "Mug - Blue",
    quantity: 3,
    originalUnitPriceSet: money("4.50"),
    totalDiscountSet: money("0.50"),
  };
  const order: SandboxOrder = {
    id: `gid://shopify/Order/${BIG_ORDER}`,
    name: "#1001",
    email: "a@example.com",
    customer,
    sourceName: "web",
    displayFinancialStatus: "PARTIALLY_REFUNDED",
    displayFulfillmentStatus: "PARTIALLY_FULFILLED",
    currencyCode: "GBP",
    subtotalPriceSet: money("13.50"),
    totalDiscountsSet: money("0.50"),
    totalShippingPriceSet: money("3.99"),
    totalTaxSet: money("2.70"),
    totalPriceSet: money("16.99"),
    test: false,
    tags: ["vip", "wholesale"],
    customAttributes: [{ key: "gift", value: "yes" }],
    createdAt: "2025-03-01T10:00:00Z",
    processedAt: "2025-03-01T10:00:01Z",
    cancelledAt: null,
    cancelReason: null,
    updatedAt: "2025-03-02T09:00:00Z",
    lineItems: [line],
    refunds: [
      {
        id: "gid://shopify/Refund/77",
        note: "damaged",
        createdAt: "2025-03-02T08:00:00Z",
        updatedAt: "2025-03-02T08:00:00Z",
        refundLineItems: [
          {
            id: "gid://shopify/RefundLineItem/88",
            lineItem: line,
            quantity: 1,
            subtotalSet: money("4.00"),
            totalTaxSet: money("0.80"),
            restockType: "RETURN",
            location: store.locations[0],
          },
        ],
      },
    ],
  };

  it("delivers an order the app's orders handler parses, with exact ids beyond 2^53", async () => {
    const hooks = emitter();
    hooks.emitOrder(order, "orders/updated");
    await hooks.idle();
    const text = received[0].raw.toString("utf8");
    expect(header(received[0], "X-Shopify-Hmac-Sha256")).toBe(hmac(received[0].raw));
    expect(text).toContain(`"id":${BIG_ORDER},`); // a bare integer, all digits
    const { order: record, lines } = orderRecords(parseExactJson(text));
    expect(record).toMatchObject({
      id: BigInt(BIG_ORDER),
      name: "#1001",
      email: "a@example.com",
      customer: BigInt(customer.id.split("/").pop()!),
      sourceName: "web",
      displayFinancialStatus: "partially_refunded",
      displayFulfillmentStatus: "partial",
      currencyCode: "GBP",
      subtotalPriceSet: "13.50",
      totalDiscountsSet: "0.50",
      totalShippingPriceSet: "3.99",
      totalTaxSet: "2.70",
      totalPriceSet: "16.99",
      test: false,
      tags: ["vip", "wholesale"],
      customAttributes: [{ key: "gift", value: "yes" }],
      createdAt: new Date("2025-03-01T10:00:00Z"),
      processedAt: new Date("2025-03-01T10:00:01Z"),
      cancelledAt: null,
      updatedAt: new Date("2025-03-02T09:00:00Z"),
    });
    const refundLine = record.refunds[0].refundLineItems.edges[0].node;
    expect(record.refunds[0]).toMatchObject({ id: 77n, note: "damaged" });
    expect(refundLine).toMatchObject({
      id: 88n,
      lineItem: { id: BigInt(BIG_LINE) },
      quantity: 1,
      restockType: "return",
      location: 1n,
    });
    expect(Number(refundLine.subtotalSet)).toBe(4);
    expect(lines).toEqual([
      {
        id: BigInt(BIG_LINE),
        orderId: BigInt(BIG_ORDER),
        variant: BigInt(variant.id.split("/").pop()!),
        product: BigInt(product.id.split("/").pop()!),
        sku: "SKU-1",
        title: "Mug",
        quantity: 3,
        originalUnitPriceSet: "4.50",
        totalDiscountSet: "0.50",
      },
    ]);
  });

  it("delivers products, customers, inventory levels and deletes in REST shape", async () => {
    const hooks = emitter();
    const level = variant.inventoryItem.inventoryLevels[0];
    hooks.emitProduct(product, "products/update");
    hooks.emitCustomer(customer, "customers/create");
    hooks.emitInventoryLevel(variant.inventoryItem.id, level, "inventory_levels/update");
    hooks.emitDelete("customers/delete", "gid://shopify/Customer/12345678901234567890");
    await hooks.idle();
    const bodies = received.map((r) => parseExactJson(r.raw.toString("utf8")) as Record<string, unknown>);
    for (const r of received) expect(isWebhookTopic(header(r, "X-Shopify-Topic")!)).toBe(true);
    expect(received.map((r) => header(r, "X-Shopify-Topic"))).toEqual([
      "products/update",
      "customers/create",
      "inventory_levels/update",
      "customers/delete",
    ]);
    const num = (gid: string) => Number(gid.split("/").pop());
    expect(bodies[0]).toMatchObject({
      id: num(product.id),
      title: product.title,
      handle: product.handle,
      status: product.status.toLowerCase(),
      tags: product.tags.join(", "),
      updated_at: product.updatedAt,
    });
    expect((bodies[0].variants as unknown[])[0]).toMatchObject({
      id: num(variant.id),
      product_id: num(product.id),
      price: variant.price,
      inventory_item_id: num(variant.inventoryItem.id),
      inventory_management: variant.inventoryItem.tracked ? "shopify" : null,
    });
    expect(bodies[1]).toMatchObject({
      id: num(customer.id),
      email: customer.email,
      first_name: customer.firstName,
      state: customer.state.toLowerCase(),
      updated_at: customer.updatedAt,
    });
    expect(bodies[2]).toEqual({
      inventory_item_id: num(variant.inventoryItem.id),
      location_id: num(level.location.id),
      available: level.quantities.find((q) => q.name === "available")?.quantity ?? null,
      updated_at: level.updatedAt,
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${num(level.location.id)}?inventory_item_id=${num(variant.inventoryItem.id)}`,
    });
    expect(received[3].raw.toString("utf8")).toBe('{"id":12345678901234567890}');
  });
});
