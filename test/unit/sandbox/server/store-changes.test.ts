// The sandbox's store-change API: each change mutates the store (the Admin API then answers with it) and is
// delivered as the webhooks Shopify sends for it, signed (checked here with an independent HMAC over the raw
// bytes), with REST bodies the app's own schemas accept.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orderRecords } from "../../../../app/sync/handlers/orders.server";
import { parseExactJson } from "../../../../app/sync/handlers/rest-body.server";
import { id, restRefund } from "../../../../app/sync/handlers/rest-fields";
import type { Sandbox } from "../../../../sandbox/index";
import { adminQuery, API_SECRET, startTestSandbox } from "./client";

interface Received {
  topic: string;
  body: Record<string, unknown>;
  text: string;
}

let server: Server;
let endpoint: string;
let received: Received[] = [];
let sandbox: Sandbox;
let token: string;

const hmac = (raw: Buffer) => createHmac("sha256", API_SECRET).update(raw).digest("base64");

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const headers: IncomingHttpHeaders = request.headers;
      // Only correctly signed deliveries count; anything else would show up as missing.
      if (headers["x-shopify-hmac-sha256"] === hmac(raw)) {
        const text = raw.toString("utf8");
        received.push({
          topic: headers["x-shopify-topic"] as string,
          body: parseExactJson(text) as Record<string, unknown>,
          text,
        });
      }
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  received = [];
  sandbox = await startTestSandbox({ webhookEndpoint: endpoint });
  token = sandbox.issueAccessToken();
});

afterEach(async () => {
  await sandbox.close();
});

const delivered = async () => {
  await sandbox.webhooks!.idle();
  return received;
};
const num = (gid: string) => gid.split("/").pop()!.split("?")[0];
const available = (sandboxLevel: { quantities: { name: string; quantity: number }[] }) =>
  sandboxLevel.quantities.find((q) => q.name === "available")!.quantity;

describe("store changes", () => {
  it("placeOrder adds an order under new ids, then reports the stock it took from each level", async () => {
    const before = sandbox.store.orders.length;
    const variant = sandbox.store.products[0].variants[1]; // the first past order's line (Red Mug, Small)
    const stockBefore = available(variant.inventoryItem.inventoryLevels[0]);
    const order = sandbox.placeOrder(new Date("2026-11-30T09:00:00Z"));

    expect(sandbox.store.orders).toHaveLength(before + 1);
    expect(sandbox.store.orders.at(-1)).toBe(order);
    expect(order).toMatchObject({ createdAt: "2026-11-30T09:00:00.000Z", refunds: [], cancelledAt: null });
    const lines = order.lineItems.filter((l) => l.variant === variant);
    expect(lines.length).toBeGreaterThan(0);
    const taken = lines.reduce((sum, l) => sum + l.quantity, 0);
    expect(available(variant.inventoryItem.inventoryLevels[0])).toBe(stockBefore - taken);

    const [create, ...levels] = await delivered();
    expect(create.topic).toBe("orders/create");
    const { order: record, lines: lineRecords } = orderRecords(create.body);
    expect(record.id).toBe(BigInt(num(order.id)));
    expect(lineRecords.map((l) => l.id)).toEqual(order.lineItems.map((l) => BigInt(num(l.id))));
    expect(levels.map((l) => l.topic)).toEqual(levels.map(() => "inventory_levels/update"));
    expect(
      levels.find((l) => String(l.body.inventory_item_id) === num(variant.inventoryItem.id))?.body,
    ).toMatchObject({
      available: stockBefore - taken,
      location_id: Number(num(sandbox.store.locations[0].id)),
    });

    // The Admin API answers with the order as delivered.
    const answer = await adminQuery(
      sandbox,
      token,
      `{ order(id: "${order.id}") { name lineItems(first: 10) { nodes { id } } } }`,
    );
    expect(answer.body.data.order).toEqual({
      name: order.name,
      lineItems: { nodes: order.lineItems.map((l) => ({ id: l.id })) },
    });
  });

  it("refundOrder refunds lines at their price, restocks them, and sends refunds/create then orders/updated", async () => {
    const order = sandbox.store.orders.find((o) => o.id === "gid://shopify/Order/602")!; // 3 lines, one refunded
    const line = order.lineItems[1]; // Tea Towel x2, 1 refunded already
    const level = line.variant!.inventoryItem.inventoryLevels[0];
    const stockBefore = available(level);
    const refund = sandbox.refundOrder(order.id, {
      lines: [{ lineItemId: line.id, quantity: 1 }],
      note: "wrong size",
      at: new Date("2026-11-30T10:00:00Z"),
    });

    expect(order.refunds.at(-1)).toBe(refund);
    expect(order.displayFinancialStatus).toBe("PARTIALLY_REFUNDED");
    expect(order.updatedAt).toBe("2026-11-30T10:00:00.000Z");
    expect(refund.refundLineItems).toMatchObject([
      { lineItem: line, quantity: 1, restockType: "RETURN", subtotalSet: { shopMoney: { amount: "3.25" } } },
    ]);
    expect(available(level)).toBe(stockBefore + 1);
    expect(() => sandbox.refundOrder(order.id, { lines: [{ lineItemId: line.id, quantity: 1 }] })).toThrow(
      /0 units left to refund/,
    );

    const [created, updated, stock] = await delivered();
    expect([created.topic, updated.topic, stock.topic]).toEqual([
      "refunds/create",
      "orders/updated",
      "inventory_levels/update",
    ]);
    // The refunds handler's schema reads the body.
    const body = restRefund.extend({ order_id: id }).parse(created.body);
    expect(body).toMatchObject({
      id: BigInt(num(refund.id)),
      order_id: BigInt(num(order.id)),
      note: "wrong size",
      refund_line_items: [
        {
          line_item_id: BigInt(num(line.id)),
          quantity: 1,
          subtotal: "3.25",
          restock_type: "return",
          location_id: BigInt(num(level.location.id)),
        },
      ],
    });
    expect(created.body).toMatchObject({ restock: true, transactions: [] });
    const { order: record } = orderRecords(updated.body);
    expect(record.refunds.map((r) => r.id)).toEqual(order.refunds.map((r) => BigInt(num(r.id))));
    expect(record).toMatchObject({
      displayFinancialStatus: "partially_refunded",
      updatedAt: new Date(order.updatedAt),
    });
    expect(stock.body).toMatchObject({ available: stockBefore + 1 });

    const answer = await adminQuery(
      sandbox,
      token,
      `{ order(id: "${order.id}") { updatedAt displayFinancialStatus refunds { id } } }`,
    );
    expect(answer.body.data.order).toEqual({
      updatedAt: order.updatedAt,
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      refunds: order.refunds.map((r) => ({ id: r.id })),
    });
  });

  it("refundOrder without lines refunds all that is left; without restock the stock stays", async () => {
    const order = sandbox.store.orders.find((o) => o.id === "gid://shopify/Order/602")!;
    const stock = order.lineItems.map((l) => available(l.variant!.inventoryItem.inventoryLevels[0]));
    const refund = sandbox.refundOrder(order.id, { restock: false });
    expect(refund.refundLineItems.map((r) => [r.lineItem.id, r.quantity, r.restockType, r.location])).toEqual(
      [
        [order.lineItems[0].id, 1, "NO_RESTOCK", null],
        [order.lineItems[1].id, 1, "NO_RESTOCK", null],
        [order.lineItems[2].id, 1, "NO_RESTOCK", null],
      ],
    );
    expect(order.displayFinancialStatus).toBe("REFUNDED");
    expect(order.lineItems.map((l) => available(l.variant!.inventoryItem.inventoryLevels[0]))).toEqual(stock);
    expect((await delivered()).map((r) => r.topic)).toEqual(["refunds/create", "orders/updated"]);
    expect(received[0].body).toMatchObject({ restock: false });
    expect(() => sandbox.refundOrder(order.id)).toThrow(/nothing left to refund/);
  });

  it("cancelOrder, then deleteOrder: the order's webhooks, and the Admin API no longer finds a deleted order", async () => {
    const order = sandbox.store.orders[0];
    sandbox.cancelOrder(order.id, { reason: "FRAUD" });
    expect(order.cancelReason).toBe("FRAUD");
    expect(order.cancelledAt).toBe(order.updatedAt);
    sandbox.deleteOrder(order.id);
    expect(sandbox.store.orders).not.toContain(order);

    const [cancelled, updated, deleted] = await delivered();
    expect([cancelled.topic, updated.topic, deleted.topic]).toEqual([
      "orders/cancelled",
      "orders/updated",
      "orders/delete",
    ]);
    expect(cancelled.body).toMatchObject({ cancel_reason: "fraud", cancelled_at: order.cancelledAt });
    expect(cancelled.text).toBe(updated.text);
    expect(deleted.text).toBe(`{"id":${num(order.id)}}`);
    const answer = await adminQuery(sandbox, token, `{ order(id: "${order.id}") { id } }`);
    expect(answer.body.data.order).toBeNull();
  });

  it("deleteProduct removes the product, its variants and inventory, records its deletion and sends products/delete", async () => {
    const product = sandbox.store.products[2]; // Lantern, two variants
    const [variant] = product.variants;
    const item = variant.inventoryItem;
    const location = sandbox.store.locations[0];
    const deleted = sandbox.deleteProduct(product.id, { at: new Date("2026-11-30T11:00:00Z") });
    expect(deleted).toBe(product);
    expect(sandbox.store.products.map((p) => p.id)).toEqual([
      "gid://shopify/Product/11",
      "gid://shopify/Product/12",
    ]);
    expect(sandbox.store.deletionEvents).toEqual([
      {
        id: "gid://shopify/DeletionEvent/1",
        subjectId: product.id,
        subjectType: "PRODUCT",
        occurredAt: "2026-11-30T11:00:00.000Z",
        createdAt: "2026-11-30T11:00:00.000Z",
      },
    ]);
    // Its stock can no longer be moved, nor the product edited or deleted again.
    expect(() => sandbox.adjustInventory(item.id, location.id, 1)).toThrow(/no inventory item/);
    expect(() => sandbox.editProduct(product.id, { title: "Back" })).toThrow(/no product/);
    expect(() => sandbox.deleteProduct(product.id)).toThrow(/no product/);

    // One delivery, correctly signed (the endpoint keeps no other), with Shopify's body for a delete.
    expect(sandbox.lastDeliveries().map((d) => d.topic)).toEqual(["products/delete"]);
    const [webhook] = await delivered();
    expect(received).toHaveLength(1);
    expect(webhook.topic).toBe("products/delete");
    expect(webhook.text).toBe(`{"id":${num(product.id)}}`);

    const answer = await adminQuery(
      sandbox,
      token,
      `{ product(id: "${product.id}") { id }
         productVariant(id: "${variant.id}") { id }
         inventoryItem(id: "${item.id}") { id }
         products(first: 10) { nodes { id } }
         productVariants(first: 10) { nodes { id } }
         location(id: "${location.id}") { inventoryLevels(first: 10) { nodes { item { id } } } }
         deletionEvents(first: 10) { nodes { occurredAt subjectId subjectType } } }`,
    );
    const data = answer.body.data;
    expect(data).toMatchObject({ product: null, productVariant: null, inventoryItem: null });
    expect(data.products.nodes).toEqual([
      { id: "gid://shopify/Product/11" },
      { id: "gid://shopify/Product/12" },
    ]);
    expect(data.productVariants.nodes.map((v: { id: string }) => v.id)).not.toContain(variant.id);
    expect(data.productVariants.nodes).toHaveLength(3);
    expect(data.location.inventoryLevels.nodes.map((l: { item: { id: string } }) => l.item.id)).not.toContain(
      item.id,
    );
    expect(data.deletionEvents.nodes).toEqual([
      { occurredAt: "2026-11-30T11:00:00.000Z", subjectId: product.id, subjectType: "PRODUCT" },
    ]);
  });

  it("adjustInventory, editProduct, editCustomer and createCustomer: their webhooks and the Admin API agree", async () => {
    const product = sandbox.store.products[2]; // Lantern, two variants
    const item = product.variants[0].inventoryItem;
    const location = sandbox.store.locations[0];
    const level = sandbox.adjustInventory(item.id, location.id, 4);
    expect(available(level)).toBe(7);
    const edited = sandbox.editProduct(product.id, {
      title: "Storm Lantern",
      tags: ["outdoor"],
      prices: { [product.variants[1].id]: "17.50" },
    });
    expect(edited).toBe(product);
    const customer = sandbox.editCustomer(sandbox.store.customers[0].id, { tags: ["vip"], firstName: "Ada" });
    const created = sandbox.createCustomer({ email: "new@example.com" });
    expect(sandbox.store.customers.at(-1)).toBe(created);

    const [stock, productUpdate, customerUpdate, customerCreate] = await delivered();
    expect(stock).toMatchObject({
      topic: "inventory_levels/update",
      body: { inventory_item_id: Number(num(item.id)), location_id: Number(num(location.id)), available: 7 },
    });
    expect(productUpdate.topic).toBe("products/update");
    expect(productUpdate.body).toMatchObject({
      title: "Storm Lantern",
      tags: "outdoor",
      updated_at: product.updatedAt,
    });
    expect((productUpdate.body.variants as { price: string }[]).map((v) => v.price)).toEqual([
      "15.00",
      "17.50",
    ]);
    expect(customerUpdate).toMatchObject({
      topic: "customers/update",
      body: { first_name: "Ada", tags: "vip", updated_at: customer.updatedAt },
    });
    expect(customerCreate).toMatchObject({
      topic: "customers/create",
      body: { id: Number(num(created.id)), email: "new@example.com" },
    });
    expect(Number(num(created.id))).toBeGreaterThan(
      Math.max(...sandbox.store.customers.slice(0, -1).map((c) => Number(num(c.id)))),
    );

    const answer = await adminQuery(
      sandbox,
      token,
      `{ product(id: "${product.id}") { title tags variants(first: 5) { nodes { price } } }
         inventoryItem(id: "${item.id}") { inventoryLevels(first: 5) { nodes { quantities(names: ["available"]) { quantity } } } }
         customer(id: "${customer.id}") { firstName tags } }`,
    );
    expect(answer.body.data).toEqual({
      product: {
        title: "Storm Lantern",
        tags: ["outdoor"],
        variants: { nodes: [{ price: "15.00" }, { price: "17.50" }] },
      },
      inventoryItem: { inventoryLevels: { nodes: [{ quantities: [{ quantity: 7 }] }] } },
      customer: { firstName: "Ada", tags: ["vip"] },
    });
  });

  it("createProduct stocks the new variant at every active location and reports each level after the product", async () => {
    const product = sandbox.createProduct({
      title: "Wool Blanket",
      price: "45.00",
      sku: "BLANKET",
      available: 6,
    });
    expect(sandbox.store.products.at(-1)).toBe(product);
    const item = product.variants[0].inventoryItem;
    // Location 2 is inactive: nothing is stocked there.
    expect(item.inventoryLevels.map((l) => [l.location.id, available(l)])).toEqual([
      ["gid://shopify/Location/1", 6],
    ]);
    const [create, level] = await delivered();
    expect(create).toMatchObject({
      topic: "products/create",
      body: { title: "Wool Blanket", handle: expect.stringMatching(/^wool-blanket-/) },
    });
    expect(level).toMatchObject({
      topic: "inventory_levels/update",
      body: { inventory_item_id: Number(num(item.id)), available: 6 },
    });
    expect(z.object({ id }).parse(create.body).id).toBe(BigInt(num(product.id)));
  });

  it("an object's updated_at always moves forward, even for changes made at one instant", async () => {
    const item = sandbox.store.products[1].variants[0].inventoryItem;
    const location = sandbox.store.locations[0];
    const at = new Date("2020-01-01T00:00:00Z"); // before the store's own times
    const first = sandbox.adjustInventory(item.id, location.id, -1, { at }).updatedAt;
    const second = sandbox.adjustInventory(item.id, location.id, -1, { at }).updatedAt;
    expect(Date.parse(first)).toBe(Date.parse("2025-01-03T10:00:00Z") + 1);
    expect(Date.parse(second)).toBe(Date.parse(first) + 1);
    const bodies = (await delivered()).map((r) => r.body);
    expect(bodies.map((b) => [b.available, b.updated_at])).toEqual([
      [11, first],
      [10, second],
    ]);
  });

  it("a change's emit options shape its deliveries: a dropped change reaches nobody, though the store changed", async () => {
    const order = sandbox.placeOrder(new Date(), { emit: { drop: true } });
    expect(sandbox.store.orders.at(-1)).toBe(order);
    const made = sandbox.lastDeliveries();
    expect(made.length).toBeGreaterThan(1);
    expect(made.every((d) => d.state === "dropped")).toBe(true);
    expect(await delivered()).toEqual([]);
  });
});
