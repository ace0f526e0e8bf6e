// A delete handled while a create of the same order is half-way: the create has found no deletion and waits
// (here on its customer's lock, held by the test), the delete comes in beside it. Each write of a record takes
// the record's lock first (app/sync/handlers/apply.server.ts), so the delete waits for the create and the order
// ends deleted; without that lock the delete would commit in between and the create would bring it back.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { PrismaClient } from "~/generated/prisma/client";
import { applyRecord, deleteRecord } from "~/sync/handlers/apply.server";
import { orderRecords } from "~/sync/handlers/orders.server";
import { seedShop } from "../../support/seed";

// The delete runs on a client (and pool) of its own, as it would in another worker.
const other = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });

afterAll(async () => {
  await other.$disconnect();
  await db.$disconnect();
});

const ORDER = 7701n;
const CUSTOMER = 4401;

function createRecords() {
  const { order, lines } = orderRecords({
    id: Number(ORDER),
    name: "#7701",
    customer: { id: CUSTOMER },
    currency: "GBP",
    subtotal_price: "9.00",
    total_discounts: "0.00",
    total_tax: "0.00",
    total_price: "9.00",
    tags: "",
    created_at: "2026-11-10T10:00:00Z",
    updated_at: "2026-11-10T10:00:00Z",
    line_items: [{ id: 77011, variant_id: 1, product_id: 1, title: "Mug", quantity: 1, price: "9.00" }],
  });
  return {
    order,
    records: [
      { kind: "order" as const, record: order },
      ...lines.map((record) => ({ kind: "lineItem" as const, record })),
    ],
  };
}

async function until(what: string, ready: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a record's lock", () => {
  it("keeps a delete from slipping in while a create of the same order is half-way", async () => {
    const shop = await seedShop(db, "record-lock.myshopify.com");
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    const waiting = async () => {
      const { rows } = await holder.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      );
      return rows[0].n as number;
    };
    try {
      // The customer's lock (app/facts/sales-facts.server.ts lockCustomers), which the create takes after it
      // has checked for a deletion.
      await holder.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [
        `keel:facts-customer:${shop.id}:${CUSTOMER}`,
      ]);
      const { order, records } = createRecords();
      const create = applyRecord(db, shop.id, "orders", order.id, order.updatedAt, records);
      await until("the create to wait on the customer's lock", async () => (await waiting()) === 1);

      let deleted = false;
      const remove = deleteRecord(other, shop.id, "orders", ORDER, new Date("2026-11-10T10:00:05Z")).then(
        () => (deleted = true),
      );
      // The delete must not get past the create: it waits on the record's lock, a second waiter.
      await until("the delete to wait", async () => deleted || (await waiting()) === 2);
      expect(deleted).toBe(false);

      await holder.query("SELECT pg_advisory_unlock_all()");
      expect(await create).toBe("written");
      await remove;
    } finally {
      await holder.end();
    }

    const row = await db.order.findUnique({ where: { shopId_id: { shopId: shop.id, id: ORDER } } });
    expect(row?.deletedAt).toEqual(new Date("2026-11-10T10:00:05Z"));
    expect(await db.deletedRecord.count({ where: { shopId: shop.id, resource: "orders", id: ORDER } })).toBe(
      1,
    );
  });
});
