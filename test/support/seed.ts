// Small, explicit store data for integration tests: every row of a shop, written through the app's client.
import type { Db } from "~/db.server";
import { rebuildSalesFacts } from "~/facts/sales-facts.server";

let nextId = 1000n;
const id = () => nextId++;

export interface SeedOrder {
  currency?: string;
  total: string;
  cancelled?: boolean;
  test?: boolean;
  lines?: number;
  processedAt?: Date;
}

/** A shop with one location, `products` products of one variant each, a customer and the given orders. */
export async function seedShop(
  db: Db,
  domain: string,
  options: { products?: number; orders?: SeedOrder[] } = {},
) {
  const shop = await db.shop.create({
    data: {
      domain,
      name: domain.split(".")[0],
      currency: "GBP",
      timeZone: "Europe/London",
      syncState: "ready",
    },
  });
  await db.location.create({ data: { shopId: shop.id, id: id(), name: "Warehouse" } });
  const variantIds: bigint[] = [];
  for (let p = 0; p < (options.products ?? 1); p++) {
    const productId = id();
    await db.product.create({ data: { shopId: shop.id, id: productId, title: `Product ${p}` } });
    const variantId = id();
    await db.variant.create({
      data: { shopId: shop.id, id: variantId, productId, price: "10.00", sku: `SKU-${p}` },
    });
    variantIds.push(variantId);
  }
  const customerId = id();
  await db.customer.create({
    data: { shopId: shop.id, id: customerId, email: `buyer@${domain}`, firstName: "Ada" },
  });
  for (const [i, order] of (options.orders ?? []).entries()) {
    const orderId = id();
    const processedAt = order.processedAt ?? new Date(Date.UTC(2026, 10, 1 + i));
    await db.order.create({
      data: {
        shopId: shop.id,
        id: orderId,
        name: `#${1001 + i}`,
        customerId,
        currency: order.currency ?? "GBP",
        subtotal: order.total,
        total: order.total,
        test: order.test ?? false,
        cancelledAt: order.cancelled ? processedAt : null,
        shopifyCreatedAt: processedAt,
        processedAt,
      },
    });
    for (let l = 0; l < (order.lines ?? 1); l++) {
      await db.orderLine.create({
        data: {
          shopId: shop.id,
          id: id(),
          orderId,
          variantId: variantIds[l % variantIds.length],
          title: "Line",
          quantity: 1,
          price: order.total,
          processedAt,
        },
      });
    }
  }
  // As the backfill does after writing the rows: the daily facts the Dashboard reads.
  await rebuildSalesFacts(db, shop.id);
  return shop;
}
