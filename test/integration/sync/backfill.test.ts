// The install backfill against a local Admin API answering Shopify's bulk operations protocol (start, poll,
// download JSONL), with children after other parents, a bad line, and a download that breaks mid-file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { backfillShop } from "~/sync/backfill/backfill.server";
import { startFakeAdminApi, type FakeAdminApi } from "../../support/fake-admin-api";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "GBP" } });
const at = "2026-11-01T10:00:00Z";
const jsonl = (objects: unknown[]) =>
  objects.map((o) => (typeof o === "string" ? o : JSON.stringify(o))).join("\n");

const files: Record<string, string> = {
  "/bulk/BackfillLocations.jsonl": jsonl([
    {
      id: "gid://shopify/Location/1",
      name: "Warehouse",
      isActive: true,
      fulfillsOnlineOrders: true,
      address: { countryCode: "GB" },
      updatedAt: at,
    },
  ]),
  "/bulk/BackfillProducts.jsonl": jsonl([
    {
      id: "gid://shopify/Product/10",
      title: "Tee",
      handle: "tee",
      vendor: "Keel",
      productType: "Shirts",
      status: "ACTIVE",
      tags: ["summer"],
      createdAt: at,
      updatedAt: at,
    },
    {
      id: "gid://shopify/ProductVariant/11",
      title: "S",
      sku: "TEE-S",
      barcode: null,
      price: "10.00",
      compareAtPrice: null,
      position: 1,
      updatedAt: at,
      inventoryItem: {
        id: "gid://shopify/InventoryItem/111",
        tracked: true,
        unitCost: { amount: "4.00", currencyCode: "GBP" },
      },
      __parentId: "gid://shopify/Product/10",
    },
    {
      id: "gid://shopify/Product/20",
      title: "Mug",
      handle: "mug",
      vendor: "Keel",
      productType: "Home",
      status: "ACTIVE",
      tags: [],
      createdAt: at,
      updatedAt: at,
    },
    {
      id: "gid://shopify/ProductVariant/21",
      title: "Default Title",
      sku: "MUG",
      barcode: null,
      price: "8.50",
      compareAtPrice: null,
      position: 1,
      updatedAt: at,
      inventoryItem: { id: "gid://shopify/InventoryItem/211", tracked: true, unitCost: null },
      __parentId: "gid://shopify/Product/20",
    },
    // A child after another product's lines, as Shopify warns can happen.
    {
      id: "gid://shopify/ProductVariant/12",
      title: "L",
      sku: "TEE-L",
      barcode: null,
      price: "12.00",
      compareAtPrice: null,
      position: 2,
      updatedAt: at,
      inventoryItem: { id: "gid://shopify/InventoryItem/112", tracked: true, unitCost: null },
      __parentId: "gid://shopify/Product/10",
    },
  ]),
  "/bulk/BackfillInventory.jsonl": jsonl([
    { id: "gid://shopify/InventoryItem/111" },
    { id: "gid://shopify/InventoryItem/211" },
    {
      id: "gid://shopify/InventoryLevel/1?inventory_item_id=111",
      location: { id: "gid://shopify/Location/1" },
      quantities: [
        { name: "available", quantity: 5 },
        { name: "on_hand", quantity: 6 },
        { name: "committed", quantity: 1 },
        { name: "incoming", quantity: 0 },
      ],
      updatedAt: at,
      __parentId: "gid://shopify/InventoryItem/111",
    },
    {
      id: "gid://shopify/InventoryLevel/1?inventory_item_id=211",
      location: { id: "gid://shopify/Location/1" },
      quantities: [{ name: "available", quantity: 0 }],
      updatedAt: at,
      __parentId: "gid://shopify/InventoryItem/211",
    },
  ]),
  "/bulk/BackfillCustomers.jsonl": jsonl([
    {
      id: "gid://shopify/Customer/30",
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "L",
      phone: null,
      defaultAddress: { city: "London", province: null, countryCodeV2: "GB" },
      state: "ENABLED",
      tags: ["vip"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED" },
      createdAt: at,
      updatedAt: at,
    },
    "{ this line is broken",
    {
      id: "gid://shopify/Customer/31",
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      defaultAddress: null,
      state: "DISABLED",
      tags: [],
      emailMarketingConsent: null,
      createdAt: at,
      updatedAt: at,
    },
  ]),
  "/bulk/BackfillOrders.jsonl": jsonl([
    order(40, "#1001", 30, "22.00", [{ id: 400, line: 401, quantity: 1, amount: "10.00" }]),
    order(50, "#1002", null, "8.50", []),
    lineItem(401, 40, 11, 2, "10.00"),
    lineItem(402, 40, 12, 0, "0.00"), // a zero-price line is kept
    lineItem(501, 50, 21, 1, "8.50"),
    order(60, "#1003", 99, "12.00", []), // a customer Keel does not have: kept
    lineItem(601, 60, 12, 1, "12.00"),
    lineItem(701, 70, 12, 1, "12.00"), // its order is not in the result
  ]),
};

function order(
  id: number,
  name: string,
  customer: number | null,
  total: string,
  refunds: { id: number; line: number; quantity: number; amount: string }[],
) {
  return {
    id: `gid://shopify/Order/${id}`,
    name,
    email: null,
    customer: customer ? { id: `gid://shopify/Customer/${customer}` } : null,
    sourceName: "web",
    displayFinancialStatus: refunds.length ? "PARTIALLY_REFUNDED" : "PAID",
    displayFulfillmentStatus: "FULFILLED",
    currencyCode: "GBP",
    subtotalPriceSet: money(total),
    totalDiscountsSet: money("0.00"),
    totalShippingPriceSet: money("0.00"),
    totalTaxSet: money("0.00"),
    totalPriceSet: money(total),
    test: false,
    tags: [],
    customAttributes: [],
    createdAt: at,
    processedAt: at,
    cancelledAt: null,
    cancelReason: null,
    updatedAt: at,
    refunds: refunds.map((r) => ({
      id: `gid://shopify/Refund/${r.id}`,
      note: null,
      createdAt: at,
      refundLineItems: {
        edges: [
          {
            node: {
              id: `gid://shopify/RefundLineItem/${r.id}1`,
              lineItem: { id: `gid://shopify/LineItem/${r.line}` },
              quantity: r.quantity,
              subtotalSet: money(r.amount),
              totalTaxSet: money("0.00"),
              restockType: "RETURN",
              location: null,
            },
          },
        ],
      },
    })),
  };
}

function lineItem(id: number, orderId: number, variant: number, quantity: number, price: string) {
  return {
    id: `gid://shopify/LineItem/${id}`,
    variant: { id: `gid://shopify/ProductVariant/${variant}` },
    product: null,
    sku: null,
    title: "Item",
    quantity,
    originalUnitPriceSet: money(price),
    totalDiscountSet: money("0.00"),
    __parentId: `gid://shopify/Order/${orderId}`,
  };
}

let api: FakeAdminApi;
const started: string[] = [];

beforeAll(async () => {
  let next = 0;
  const operations = new Map<string, string>();
  api = await startFakeAdminApi(
    {
      BulkOperationRunQuery: ({ query }: Record<string, unknown>) => {
        const name = /query (\w+)/.exec(String(query))![1];
        const id = `gid://shopify/BulkOperation/${++next}`;
        operations.set(id, name);
        started.push(name);
        return { bulkOperationRunQuery: { bulkOperation: { id, status: "CREATED" }, userErrors: [] } };
      },
      BulkOperationStatus: ({ id }: Record<string, unknown>) => {
        const name = operations.get(String(id))!;
        const lines = files[`/bulk/${name}.jsonl`].split("\n").length;
        return {
          node: {
            id,
            status: "COMPLETED",
            errorCode: null,
            objectCount: String(lines),
            url: `${api.origin}/bulk/${name}.jsonl`,
            partialDataUrl: null,
          },
        };
      },
    },
    files,
  );
});

afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

async function counts(shopId: number) {
  const where = { where: { shopId } };
  return {
    locations: await db.location.count(where),
    products: await db.product.count(where),
    variants: await db.variant.count(where),
    inventoryLevels: await db.inventoryLevel.count(where),
    customers: await db.customer.count(where),
    orders: await db.order.count(where),
    orderLines: await db.orderLine.count(where),
    refunds: await db.refund.count(where),
    refundLines: await db.refundLine.count(where),
  };
}

const expected = {
  locations: 1,
  products: 2,
  variants: 3,
  inventoryLevels: 2,
  customers: 2,
  orders: 3,
  orderLines: 4,
  refunds: 1,
  refundLines: 1,
};

function admin() {
  return new AdminClient({ shop: "bulk.myshopify.com", accessToken: "shpat_bulk", origin: api.origin });
}

describe("install backfill", () => {
  it("imports every resource, keeps odd but valid data, and reports what it skipped with line numbers", async () => {
    const shop = await db.shop.create({ data: { domain: "bulk.myshopify.com" } });
    const summary = await backfillShop({
      db,
      admin: admin(),
      shopId: shop.id,
      pollIntervalMs: 1,
      batchSize: 3,
    });

    expect(started).toEqual([
      "BackfillLocations",
      "BackfillProducts",
      "BackfillInventory",
      "BackfillCustomers",
      "BackfillOrders",
    ]);
    expect(await counts(shop.id)).toEqual(expected);
    expect(summary.resources.map((r) => [r.resource, r.skipped])).toEqual([
      ["locations", 0],
      ["products", 0],
      ["inventory", 0],
      ["customers", 1],
      ["orders", 1],
    ]);

    const variant = await db.variant.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 12n } },
    });
    expect(variant).toMatchObject({ productId: 10n, inventoryItemId: 112n, price: expect.anything() });
    const level = await db.inventoryLevel.findFirstOrThrow({
      where: { shopId: shop.id, inventoryItemId: 111n },
    });
    expect(level).toMatchObject({ variantId: 11n, locationId: 1n, available: 5, onHand: 6, committed: 1 });
    const guestOrder = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 60n } },
    });
    expect(guestOrder.customerId).toBe(99n);
    const zeroLine = await db.orderLine.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 402n } },
    });
    expect(zeroLine.price.toString()).toBe("0");
    expect(zeroLine.processedAt.toISOString()).toBe("2026-11-01T10:00:00.000Z");

    const issues = await db.syncIssue.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(issues.map((i) => [i.resource, i.line, i.reason])).toEqual([
      ["customers", 2, "not valid JSON"],
      ["orders", 8, "1 line item(s) in this batch belong to a record that is not in the store"],
    ]);
    const after = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(after.syncState).toBe("ready");
  });

  it("changes nothing when run again", async () => {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: "bulk.myshopify.com" } });
    const before = await db.order.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    await backfillShop({ db, admin: admin(), shopId: shop.id, pollIntervalMs: 1 });
    expect(await counts(shop.id)).toEqual(expected);
    const again = await db.order.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(again.map(({ syncedAt: _s, ...o }) => o)).toEqual(before.map(({ syncedAt: _s, ...o }) => o));
  });

  it("resumes after a crash mid-download from the last committed line, without duplicates", async () => {
    const shop = await db.shop.create({ data: { domain: "crash.myshopify.com" } });
    let downloads = 0;
    // The first download of the orders dies after 5 lines, as a killed process or a dropped connection would.
    const breaking: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith("BackfillOrders.jsonl") || downloads++ > 0) return response;
      const text = await response.text();
      const lines = text.split("\n");
      let pulls = 0;
      const stream = new ReadableStream({
        pull(controller) {
          if (pulls++ === 0)
            controller.enqueue(new TextEncoder().encode(lines.slice(0, 5).join("\n") + "\n"));
          else controller.error(new Error("connection reset"));
        },
      });
      return new Response(stream, { status: 200 });
    };
    await expect(
      backfillShop({ db, admin: admin(), shopId: shop.id, pollIntervalMs: 1, batchSize: 2, fetch: breaking }),
    ).rejects.toThrow("connection reset");
    const failed = await db.syncRun.findFirstOrThrow({ where: { shopId: shop.id, resource: "orders" } });
    expect(failed.status).toBe("failed");
    expect(failed.linesDone).toBe(4); // two committed batches of two lines
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).syncState).toBe("failed");

    const startedBefore = started.length;
    await backfillShop({
      db,
      admin: admin(),
      shopId: shop.id,
      pollIntervalMs: 1,
      batchSize: 2,
      fetch: breaking,
    });
    // The completed resources are not fetched again; the orders resume the same bulk operation.
    expect(started.length).toBe(startedBefore);
    expect(await counts(shop.id)).toEqual(expected);
    const run = await db.syncRun.findFirstOrThrow({ where: { shopId: shop.id, resource: "orders" } });
    expect(run).toMatchObject({ status: "completed", linesDone: 8 });
  });
});
