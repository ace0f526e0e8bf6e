import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";

afterAll(() => db.$disconnect());

describe("the Prisma client over the pg adapter", () => {
  it("keeps Shopify's 64-bit ids exact and money as decimals", async () => {
    const shop = await db.shop.create({ data: { domain: "ids.myshopify.com", currency: "EUR" } });
    // 2^63 - 1: far beyond Number.MAX_SAFE_INTEGER, as Shopify ids may be.
    const id = 9223372036854775807n;
    await db.product.create({ data: { shopId: shop.id, id, title: "Big id" } });
    await db.variant.create({
      data: { shopId: shop.id, id: id - 1n, productId: id, price: "19.99", unitCost: "7.1234" },
    });
    const variant = await db.variant.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: id - 1n } },
    });
    expect(variant.id).toBe(9223372036854775806n);
    expect(variant.price.toString()).toBe("19.99");
    expect(variant.unitCost?.plus("0.0001").toString()).toBe("7.1235");
  });
});
