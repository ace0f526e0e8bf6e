import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { shopStatuses } from "~/sync/status.server";
import { keel } from "../../support/cli";
import { seedShop } from "../../support/seed";

afterAll(() => db.$disconnect());

describe("shop status", () => {
  it("counts only the shop's own rows, and revenue per currency without cancelled or test orders", async () => {
    await seedShop(db, "alpha.myshopify.com", {
      products: 3,
      orders: [
        { total: "10.50", lines: 2 },
        { total: "4.25" },
        { total: "20.00", currency: "EUR" },
        { total: "99.00", cancelled: true },
        { total: "50.00", test: true },
      ],
    });
    await seedShop(db, "beta.myshopify.com", { products: 7, orders: [{ total: "1000.00" }] });

    const [alpha] = await shopStatuses(db, { domain: "alpha.myshopify.com" });
    expect(alpha.totals).toEqual({
      products: 3,
      variants: 3,
      locations: 1,
      customers: 1,
      orders: 5,
      orderLines: 6,
      refunds: 0,
    });
    expect(alpha.revenue).toEqual([
      { currency: "EUR", orders: 1, total: "20" },
      { currency: "GBP", orders: 2, total: "14.75" },
    ]);
    expect((await shopStatuses(db)).map((s) => s.domain)).toEqual([
      "alpha.myshopify.com",
      "beta.myshopify.com",
    ]);
  });

  it("keel status prints every shop, one shop by --shop, and JSON", async () => {
    const text = await keel(["status"]);
    expect(text.code).toBe(0);
    expect(text.out).toContain("alpha (alpha.myshopify.com)\n");
    expect(text.out).toMatch(/ {2}Revenue GBP {2}14\.75 from 2 orders\n/);
    expect(text.out).toContain("beta (beta.myshopify.com)\n");

    const missing = await keel(["status", "--shop", "nobody.myshopify.com"]);
    expect(missing).toMatchObject({
      code: 1,
      err: "keel status: no shop nobody.myshopify.com in this database\n",
    });

    const json = await keel(["status", "--shop", "beta.myshopify.com", "--format", "json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({
      domain: "beta.myshopify.com",
      syncState: "ready",
      totals: { products: 7, orders: 1 },
      revenue: [{ currency: "GBP", orders: 1, total: "1000" }],
    });
  });
});
