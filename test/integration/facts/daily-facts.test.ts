// The daily facts kept by the webhook handlers: checked against figures worked out by hand from the orders
// below (shop in New York, so UTC evening orders fall on the previous local day), and against a rebuild from the
// raw rows after deliveries that come late, duplicated, out of order, cancelled and deleted.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { inventoryPositions, stockoutDays } from "~/facts/inventory-positions.server";
import { rebuildSalesFacts } from "~/facts/sales-facts.server";
import { refreshStaleDays } from "~/facts/stale-days.server";
import { applyRecord } from "~/sync/handlers/apply.server";
import { orderRecords } from "~/sync/handlers/orders.server";
import { useAppEnv } from "../../support/app-env";
import { seedShop } from "../../support/seed";
import { deliverWebhook, runQueuedJobs } from "../../support/webhooks";

const SECRET = "daily-facts-secret";
useAppEnv({ apiSecret: SECRET });

async function deliver(shop: string, topic: string, body: object) {
  expect(await deliverWebhook(SECRET, shop, topic, JSON.stringify(body))).toBe(200);
}

interface Line {
  id: number;
  variant: number;
  quantity: number;
  price: string;
  discount?: string;
}

function order(o: {
  id: number;
  customer: number | null;
  processedAt: string;
  updatedAt?: string;
  channel?: string;
  currency?: string;
  total: string;
  discounts?: string;
  lines: Line[];
  cancelledAt?: string;
  refunds?: object[];
}) {
  return {
    id: o.id,
    name: `#${o.id}`,
    email: null,
    customer: o.customer === null ? null : { id: o.customer },
    source_name: o.channel ?? "web",
    financial_status: "paid",
    fulfillment_status: null,
    currency: o.currency ?? "GBP",
    subtotal_price: o.total,
    total_discounts: o.discounts ?? "0.00",
    total_tax: "0.00",
    total_price: o.total,
    test: false,
    tags: "",
    created_at: o.processedAt,
    processed_at: o.processedAt,
    cancelled_at: o.cancelledAt ?? null,
    cancel_reason: o.cancelledAt ? "customer" : null,
    updated_at: o.updatedAt ?? o.processedAt,
    line_items: o.lines.map((l) => ({
      id: l.id,
      variant_id: l.variant,
      product_id: 1,
      sku: null,
      title: "Item",
      quantity: l.quantity,
      price: l.price,
      total_discount: l.discount ?? "0.00",
    })),
    refunds: o.refunds ?? [],
  };
}

const V1 = 7001;
const V2 = 7002;

async function facts(shopId: number) {
  const plain = (rows: object[]) =>
    JSON.parse(
      JSON.stringify(rows, (_k, v) =>
        typeof v === "bigint" ? v.toString() : v?.constructor?.name === "Decimal" ? v.toString() : v,
      ),
    );
  const order = [{ day: "asc" as const }];
  return {
    sales: plain(
      await db.dailySales.findMany({
        where: { shopId },
        orderBy: [...order, { channel: "asc" }, { currency: "asc" }],
      }),
    ),
    variants: plain(
      await db.dailyVariantSales.findMany({
        where: { shopId },
        orderBy: [...order, { variantId: "asc" }, { currency: "asc" }],
      }),
    ),
    customers: plain(
      await db.dailyCustomerSales.findMany({
        where: { shopId },
        orderBy: [...order, { customerId: "asc" }, { currency: "asc" }],
      }),
    ),
  };
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("daily sales facts", () => {
  it("follow late, duplicated, reordered, cancelled and deleted orders and refunds exactly", async () => {
    const shop = await seedShop(db, "facts.myshopify.com");
    await db.shop.update({ where: { id: shop.id }, data: { timeZone: "America/New_York" } });

    // A: customer 77, 22:30 on 1 Nov in New York (03:30 UTC on the 2nd). Lines 2×10 (1.00 off) and 1×5.
    const a = order({
      id: 101,
      customer: 77,
      processedAt: "2026-11-02T03:30:00Z",
      total: "24.00",
      discounts: "1.00",
      lines: [
        { id: 1011, variant: V1, quantity: 2, price: "10.00", discount: "1.00" },
        { id: 1012, variant: V2, quantity: 1, price: "5.00" },
      ],
    });
    // B: customer 77 again, at the shop's counter on 3 Nov.
    const b = order({
      id: 102,
      customer: 77,
      processedAt: "2026-11-03T15:00:00Z",
      channel: "pos",
      total: "10.00",
      lines: [{ id: 1021, variant: V1, quantity: 1, price: "10.00" }],
    });
    // C: a guest paying in dollars on 3 Nov.
    const c = order({
      id: 103,
      customer: null,
      processedAt: "2026-11-03T16:00:00Z",
      currency: "USD",
      total: "7.00",
      lines: [{ id: 1031, variant: V2, quantity: 1, price: "7.00" }],
    });
    // D: customer 88 on 3 Nov, cancelled later; E: customer 99 on 3 Nov, deleted later.
    const d = order({
      id: 104,
      customer: 88,
      processedAt: "2026-11-03T17:00:00Z",
      total: "50.00",
      lines: [{ id: 1041, variant: V1, quantity: 5, price: "10.00" }],
    });
    const e = order({
      id: 105,
      customer: 99,
      processedAt: "2026-11-03T18:00:00Z",
      total: "5.00",
      lines: [{ id: 1051, variant: V2, quantity: 1, price: "5.00" }],
    });
    // F: customer 77's real first order, on 30 Oct, delivered last of all.
    const f = order({
      id: 106,
      customer: 77,
      processedAt: "2026-10-30T14:00:00Z",
      total: "20.00",
      lines: [{ id: 1061, variant: V1, quantity: 2, price: "10.00" }],
    });
    // A refund of one unit of A's first line on 4 Nov (local), sent as refunds/create and inline in an update.
    const refund = {
      id: 901,
      order_id: 101,
      note: null,
      created_at: "2026-11-04T12:00:00Z",
      processed_at: "2026-11-04T12:00:00Z",
      refund_line_items: [
        {
          id: 9011,
          line_item_id: 1011,
          quantity: 1,
          subtotal: 9.5,
          total_tax: 0,
          restock_type: "return",
          location_id: null,
        },
      ],
    };

    const domain = shop.domain;
    await deliver(domain, "orders/updated", { ...b, total_price: "10.00" });
    await deliver(domain, "orders/create", a);
    await deliver(domain, "orders/create", a); // a duplicate delivery (its own webhook id, same content)
    await deliver(domain, "orders/create", c);
    await deliver(domain, "orders/create", d);
    await deliver(domain, "orders/create", e);
    await runQueuedJobs();
    await deliver(domain, "refunds/create", refund);
    await deliver(domain, "orders/updated", { ...a, updated_at: "2026-11-04T12:00:01Z", refunds: [refund] });
    await deliver(domain, "orders/cancelled", {
      ...d,
      cancelled_at: "2026-11-05T10:00:00Z",
      updated_at: "2026-11-05T10:00:00Z",
    });
    await deliver(domain, "orders/delete", { id: 105 });
    // A stale copy of A (older updated_at, higher total) must change nothing.
    await deliver(domain, "orders/updated", {
      ...a,
      total_price: "99.00",
      updated_at: "2026-11-02T03:00:00Z",
    });
    await deliver(domain, "orders/create", f);
    await runQueuedJobs();

    const kept = await facts(shop.id);

    // Worked out by hand from the orders above.
    const sales = kept.sales.map((r: Record<string, unknown>) => [
      String(r.day).slice(0, 10),
      r.channel,
      r.currency,
      r.orders,
      r.units,
      r.grossSales,
      r.discounts,
      r.revenue,
      r.unitsRefunded,
      r.refunds,
      r.customers,
      r.newCustomers,
      r.returningCustomers,
      r.guestOrders,
    ]);
    expect(sales).toEqual([
      ["2026-10-30", "web", "GBP", 1, 2, "20", "0", "20", 0, "0", 1, 1, 0, 0],
      ["2026-11-01", "web", "GBP", 1, 3, "25", "1", "24", 0, "0", 1, 0, 1, 0],
      ["2026-11-03", "pos", "GBP", 1, 1, "10", "0", "10", 0, "0", 1, 0, 1, 0],
      ["2026-11-03", "web", "USD", 1, 1, "7", "0", "7", 0, "0", 0, 0, 0, 1],
      ["2026-11-04", "web", "GBP", 0, 0, "0", "0", "0", 1, "9.5", 0, 0, 0, 0],
    ]);
    const variants = kept.variants.map((r: Record<string, unknown>) => [
      String(r.day).slice(0, 10),
      r.variantId,
      r.currency,
      r.orders,
      r.units,
      r.grossSales,
      r.discounts,
      r.unitsRefunded,
      r.refunds,
    ]);
    expect(variants).toEqual([
      ["2026-10-30", String(V1), "GBP", 1, 2, "20", "0", 0, "0"],
      ["2026-11-01", String(V1), "GBP", 1, 2, "20", "1", 0, "0"],
      ["2026-11-01", String(V2), "GBP", 1, 1, "5", "0", 0, "0"],
      ["2026-11-03", String(V1), "GBP", 1, 1, "10", "0", 0, "0"],
      ["2026-11-03", String(V2), "USD", 1, 1, "7", "0", 0, "0"],
      ["2026-11-04", String(V1), "GBP", 0, 0, "0", "0", 1, "9.5"],
    ]);
    expect(
      kept.customers.map((r: Record<string, unknown>) => [
        r.customerId,
        String(r.day).slice(0, 10),
        r.orders,
        r.revenue,
      ]),
    ).toEqual([
      ["77", "2026-10-30", 1, "20"],
      ["77", "2026-11-01", 1, "24"],
      ["77", "2026-11-03", 1, "10"],
    ]);

    // And exactly what a rebuild from the raw rows gives.
    await rebuildSalesFacts(db, shop.id);
    expect(await facts(shop.id)).toEqual(kept);
  });

  it("stay equal to a rebuild when many writes for one customer and day run at once, beside refreshes", async () => {
    const shop = await seedShop(db, "facts-concurrent.myshopify.com");
    const bodies = Array.from({ length: 24 }, (_, i) =>
      order({
        id: 500 + i,
        customer: 42 + (i % 2),
        // Three days, written in a shuffled order so that first orders move back while others are written.
        processedAt: `2026-11-${String(10 - (i % 3)).padStart(2, "0")}T${String(10 + (i % 7)).padStart(2, "0")}:00:00Z`,
        total: `${10 + i}.00`,
        lines: [{ id: 5000 + i, variant: V1 + (i % 2), quantity: 1 + (i % 4), price: `${10 + i}.00` }],
      }),
    );
    // Refreshes run while the writes do: each must either see a write or leave its mark for the next one.
    const refreshes = Array.from({ length: 6 }, (_, i) =>
      new Promise((resolve) => setTimeout(resolve, 5 * i)).then(() => refreshStaleDays(db, shop.id)),
    );
    await Promise.all([
      ...bodies.map((body) => {
        const { order: o, lines } = orderRecords(body);
        return applyRecord(db, shop.id, "orders", o.id, o.updatedAt, [
          { kind: "order", record: o },
          ...lines.map((record) => ({ kind: "lineItem" as const, record })),
        ]);
      }),
      ...refreshes,
    ]);
    await refreshStaleDays(db, shop.id);
    expect(await db.staleFactDay.count({ where: { shopId: shop.id } })).toBe(0);
    const kept = await facts(shop.id);
    expect(kept.sales.reduce((sum: number, r: { orders: number }) => sum + r.orders, 0)).toBe(24);
    await rebuildSalesFacts(db, shop.id);
    expect(await facts(shop.id)).toEqual(kept);
  });
});

describe("stale fact days", () => {
  it("are marked by a write with one queued refresh per shop, which recomputes them and clears the marks", async () => {
    const shop = await seedShop(db, "facts-stale.myshopify.com");
    const write = (id: number, processedAt: string) => {
      const { order: o, lines } = orderRecords(
        order({
          id,
          customer: null,
          processedAt,
          total: "12.00",
          lines: [{ id: id * 10, variant: V1, quantity: 2, price: "6.00" }],
        }),
      );
      return applyRecord(db, shop.id, "orders", o.id, o.updatedAt, [
        { kind: "order", record: o },
        ...lines.map((record) => ({ kind: "lineItem" as const, record })),
      ]);
    };
    await write(801, "2026-11-07T12:00:00Z");
    await write(802, "2026-11-08T12:00:00Z");
    await write(803, "2026-11-08T13:00:00Z");

    const marks = await db.staleFactDay.findMany({ where: { shopId: shop.id }, orderBy: { day: "asc" } });
    expect(marks.map((m) => m.day)).toEqual([day("2026-11-07"), day("2026-11-08")]);
    const queued = await db.$queryRaw<{ key: string }[]>`
      SELECT key FROM graphile_worker._private_jobs WHERE key = ${`facts:${shop.id}`}`;
    expect(queued).toHaveLength(1);
    expect((await facts(shop.id)).sales).toEqual([]);

    await runQueuedJobs();
    expect(await db.staleFactDay.count({ where: { shopId: shop.id } })).toBe(0);
    const sales = (await facts(shop.id)).sales.map((r: Record<string, unknown>) => [
      String(r.day).slice(0, 10),
      r.orders,
      r.units,
      r.revenue,
    ]);
    expect(sales).toEqual([
      ["2026-11-07", 1, 2, "12"],
      ["2026-11-08", 2, 4, "24"],
    ]);

    // A mark that is still there has its refresh queued, unless it has waited too long (its job failing, or
    // gone): then the next write that marks it queues the refresh again.
    const refreshJobs = async () =>
      (
        await db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE key = ${`facts:${shop.id}`}`
      )[0].n;
    await write(804, "2026-11-09T12:00:00Z");
    await db.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key = ${`facts:${shop.id}`}`;
    await write(805, "2026-11-09T13:00:00Z");
    expect(await refreshJobs()).toBe(0n);
    await db.staleFactDay.updateMany({
      where: { shopId: shop.id },
      data: { staleSince: new Date(Date.now() - 10 * 60_000) },
    });
    await write(806, "2026-11-09T14:00:00Z");
    expect(await refreshJobs()).toBe(1n);
    await runQueuedJobs();
    const [ninth] = await db.dailySales.findMany({ where: { shopId: shop.id, day: day("2026-11-09") } });
    expect(ninth.orders).toBe(3);
  });
});

describe("end-of-day inventory positions", () => {
  it("keep each day's last level, ignore a stale one, and carry a position over days without change", async () => {
    const shop = await seedShop(db, "facts-inventory.myshopify.com");
    await db.shop.update({ where: { id: shop.id }, data: { timeZone: "America/New_York" } });
    const level = (available: number, updatedAt: string) => ({
      inventory_item_id: 3001,
      location_id: 4001,
      available,
      updated_at: updatedAt,
    });
    await deliver(shop.domain, "inventory_levels/update", level(5, "2026-11-01T15:00:00Z"));
    await deliver(shop.domain, "inventory_levels/update", level(3, "2026-11-02T03:00:00Z")); // 1 Nov, 22:00 local
    await deliver(shop.domain, "inventory_levels/update", level(0, "2026-11-03T15:00:00Z"));
    await deliver(shop.domain, "inventory_levels/update", level(9, "2026-11-03T14:00:00Z")); // late and stale
    await deliver(shop.domain, "inventory_levels/update", level(4, "2026-11-06T15:00:00Z"));
    await runQueuedJobs();

    const positions = await inventoryPositions(db, shop.id, "2026-10-31", "2026-11-07");
    expect(positions.map((p) => [p.day, p.available, p.outOfStock])).toEqual([
      ["2026-11-01", 3, false],
      ["2026-11-02", 3, false],
      ["2026-11-03", 0, true],
      ["2026-11-04", 0, true],
      ["2026-11-05", 0, true],
      ["2026-11-06", 4, false],
      ["2026-11-07", 4, false],
    ]);
    expect(await stockoutDays(db, shop.id, "2026-11-01", "2026-11-30")).toEqual([
      { inventoryItemId: 3001n, locationId: 4001n, variantId: null, daysKnown: 30, daysOutOfStock: 3 },
    ]);
    expect(await db.inventoryDaily.count({ where: { shopId: shop.id, day: day("2026-11-03") } })).toBe(1);
  });
});
