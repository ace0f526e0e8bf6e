// The Dashboard's figures on a hand-built shop in New York time, each expected value worked out by hand below.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { rebuildSalesFacts } from "~/facts/sales-facts.server";
import { dashboard } from "~/kpi/dashboard.server";

afterAll(() => db.$disconnect());

let nextId = 1n;

async function order(
  shopId: number,
  at: string,
  total: string,
  options: { customer?: bigint; currency?: string; units: number; cancelled?: boolean },
) {
  const id = nextId++;
  const processedAt = new Date(at);
  await db.order.create({
    data: {
      shopId,
      id,
      name: `#${id}`,
      customerId: options.customer ?? null,
      currency: options.currency ?? "GBP",
      subtotal: total,
      total,
      shopifyCreatedAt: processedAt,
      processedAt,
      cancelledAt: options.cancelled ? processedAt : null,
    },
  });
  await db.orderLine.create({
    data: {
      shopId,
      id: 1000n + id,
      orderId: id,
      title: "Item",
      quantity: options.units,
      price: total,
      processedAt,
    },
  });
}

describe("dashboard figures", () => {
  it("counts orders, revenue and AOV per currency, units, new and returning customers, per shop-local day", async () => {
    const shop = await db.shop.create({
      data: { domain: "kpi.myshopify.com", timeZone: "America/New_York" },
    });
    const [a, b, c, d] = [1n, 2n, 3n, 4n];
    await order(shop.id, "2026-10-15T15:00:00Z", "99.00", { customer: a, units: 1 }); // A's first order: before both periods
    await order(shop.id, "2026-10-28T15:00:00Z", "15.00", { customer: c, units: 1 }); // previous period: C is new
    await order(shop.id, "2026-11-02T15:00:00Z", "20.00", { customer: a, units: 1 }); // A returns
    await order(shop.id, "2026-11-03T15:00:00Z", "30.00", { customer: b, units: 2 }); // B is new
    await order(shop.id, "2026-11-03T16:00:00Z", "100.00", { customer: b, units: 5, cancelled: true }); // not counted
    await order(shop.id, "2026-11-04T15:00:00Z", "10.00", { units: 3 }); // a guest
    await order(shop.id, "2026-11-06T03:00:00Z", "40.00", { customer: b, units: 1 }); // 22:00 on Nov 5 in New York
    await order(shop.id, "2026-11-06T15:00:00Z", "50.00", { customer: d, units: 2, currency: "EUR" }); // D is new
    await order(shop.id, "2026-11-08T06:00:00Z", "70.00", { customer: d, units: 1 }); // 01:00 on Nov 8: after the period
    await rebuildSalesFacts(db, shop.id); // rows written directly, as the backfill writes them

    const { current, previous } = await dashboard(db, shop.id, { from: "2026-11-01", to: "2026-11-07" });
    expect(current).toMatchObject({
      orders: 5,
      unitsSold: 1 + 2 + 3 + 1 + 2,
      newCustomers: 2, // B and D
      returningCustomers: 1, // A
      revenue: [
        { currency: "EUR", orders: 1, revenue: "50.00", averageOrderValue: "50.00" },
        { currency: "GBP", orders: 4, revenue: "100.00", averageOrderValue: "25.00" },
      ],
    });
    const gbpByDay = current.revenueByDay.filter((r) => r.currency === "GBP").map((r) => [r.day, r.revenue]);
    expect(gbpByDay).toEqual([
      ["2026-11-01", 0],
      ["2026-11-02", 20],
      ["2026-11-03", 30],
      ["2026-11-04", 10],
      ["2026-11-05", 40],
      ["2026-11-06", 0],
      ["2026-11-07", 0],
    ]);
    expect(previous).toMatchObject({
      period: { from: "2026-10-25", to: "2026-10-31" },
      orders: 1,
      newCustomers: 1,
      returningCustomers: 0,
      revenue: [{ currency: "GBP", orders: 1, revenue: "15.00", averageOrderValue: "15.00" }],
    });
  });
});
