// Product, inventory and customer webhooks (REST bodies as in Shopify's reference, really signed): newest
// state wins, deletes are remembered, a redacted customer stays redacted, the stored unit cost survives.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";
import { deliverWebhook, runQueuedJobs } from "../../support/webhooks";

const SECRET = "catalog-webhook-secret";
useAppEnv({ apiSecret: SECRET });

const deliver = async (shop: string, topic: string, body: unknown) =>
  expect(await deliverWebhook(SECRET, shop, topic, JSON.stringify(body))).toBe(200);

const product = (updatedAt: string, price: string) => ({
  id: 632910392,
  title: "IPod Nano - 8GB",
  handle: "ipod-nano",
  vendor: "Apple",
  product_type: "Cult Products",
  status: "active",
  tags: "Emotive, Flash Memory",
  created_at: "2025-04-02T11:29:59-05:00",
  updated_at: updatedAt,
  variants: [
    {
      id: 808950810,
      title: "Pink",
      price,
      sku: "IPOD2008PINK",
      position: 1,
      inventory_item_id: 808950810,
      inventory_management: "shopify",
      updated_at: updatedAt,
    },
  ],
});

describe("product and inventory webhooks", () => {
  it("write the product with its variants, keep the unit cost, ignore an older update, and honour deletes", async () => {
    const shop = await seedShop(db, "catalog-hooks.myshopify.com", { products: 0 });
    await deliver(shop.domain, "products/create", product("2025-04-02T11:29:59-05:00", "199.00"));
    await runQueuedJobs();
    await db.variant.updateMany({ where: { shopId: shop.id, id: 808950810n }, data: { unitCost: "120.00" } });

    await deliver(shop.domain, "products/update", product("2025-04-03T10:00:00Z", "179.00"));
    await deliver(shop.domain, "products/update", product("2025-04-02T20:00:00Z", "189.00")); // late and older
    await runQueuedJobs();
    const variant = await db.variant.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 808950810n } },
    });
    expect(variant.price.toString()).toBe("179");
    expect(variant.unitCost?.toString()).toBe("120");
    expect(variant).toMatchObject({ tracked: true, inventoryItemId: 808950810n, sku: "IPOD2008PINK" });
    const stored = await db.product.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 632910392n } },
    });
    expect(stored.tags).toEqual(["Emotive", "Flash Memory"]);

    await deliver(shop.domain, "inventory_levels/update", {
      inventory_item_id: 808950810,
      location_id: 655441491,
      available: 2,
      updated_at: "2025-04-04T10:00:00Z",
    });
    await deliver(shop.domain, "inventory_levels/update", {
      inventory_item_id: 808950810,
      location_id: 655441491,
      available: 9,
      updated_at: "2025-04-03T10:00:00Z",
    });
    await runQueuedJobs();
    const level = await db.inventoryLevel.findFirstOrThrow({
      where: { shopId: shop.id, inventoryItemId: 808950810n },
    });
    expect(level).toMatchObject({ available: 2, variantId: 808950810n, locationId: 655441491n });

    await deliver(shop.domain, "products/delete", { id: 632910392 });
    await runQueuedJobs();
    await deliver(shop.domain, "products/update", product("2025-04-05T10:00:00Z", "1.00")); // after its delete
    await runQueuedJobs();
    const deleted = await db.product.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 632910392n } },
    });
    expect(deleted.deletedAt).not.toBeNull();
    expect(
      (
        await db.variant.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: 808950810n } } })
      ).price.toString(),
    ).toBe("179");
  });
});

describe("customer webhooks", () => {
  const customer = (updatedAt: string, email: string) => ({
    id: 1073339462,
    email,
    first_name: "Steve",
    last_name: "Lastnameson",
    phone: "+15142546011",
    state: "disabled",
    tags: "vip",
    default_address: { city: "Ottawa", province: "Ontario", country_code: "CA" },
    email_marketing_consent: { state: "subscribed" },
    created_at: "2025-04-02T11:27:00-05:00",
    updated_at: updatedAt,
  });

  it("keep the newest customer, and a redacted customer stays redacted", async () => {
    const shop = await seedShop(db, "customer-hooks.myshopify.com");
    await deliver(
      shop.domain,
      "customers/create",
      customer("2025-04-02T11:27:00-05:00", "steve@example.com"),
    );
    await runQueuedJobs();
    const created = await db.customer.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 1073339462n } },
    });
    expect(created).toMatchObject({
      email: "steve@example.com",
      city: "Ottawa",
      countryCode: "CA",
      acceptsMarketing: true,
      tags: ["vip"],
    });

    await deliver(shop.domain, "customers/redact", { customer: { id: 1073339462 }, orders_to_redact: [] });
    await runQueuedJobs();
    await deliver(shop.domain, "customers/update", customer("2025-05-01T00:00:00Z", "again@example.com"));
    await runQueuedJobs();
    const redacted = await db.customer.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 1073339462n } },
    });
    expect(redacted).toMatchObject({ email: null, firstName: null, phone: null });
  });

  it("remember a delete that arrives before the create", async () => {
    const shop = await seedShop(db, "customer-delete-hooks.myshopify.com");
    await deliver(shop.domain, "customers/delete", { id: 555 });
    await runQueuedJobs();
    await deliver(shop.domain, "customers/create", {
      ...customer("2025-04-02T11:27:00-05:00", "late@example.com"),
      id: 555,
    });
    await runQueuedJobs();
    expect(await db.customer.findUnique({ where: { shopId_id: { shopId: shop.id, id: 555n } } })).toBeNull();
  });
});
