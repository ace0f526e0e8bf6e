/**
 * The rule every resource webhook follows. Deliveries come duplicated, late and out of order, so a record is
 * written only if it is at least as new as the stored one (`updated_at`), with its children, in one transaction
 * holding the record's row; a record Shopify deleted is remembered, so a create delivered after its delete
 * leaves nothing behind. An order's write marks the days whose facts it changed, before and after, for the
 * refresh-facts job (app/facts/stale-days.server.ts), in that same transaction.
 */
import type { Db } from "../../db.server";
import type { Prisma } from "../../generated/prisma/client";
import { lockKeys } from "../../db/advisory-locks.server";
import { BulkWriter } from "../backfill/writer.server";
import type { BulkRecord } from "../backfill/records";
import { lockCustomers, lockOrder, orderFactDays } from "../../facts/sales-facts.server";
import { markStaleDays } from "../../facts/stale-days.server";

export type Outcome = "written" | "unchanged" | "stale" | "deleted";

type Table = "orders" | "products" | "customers";

export async function applyRecord(
  db: Db,
  shopId: number,
  table: Table,
  id: bigint,
  updatedAt: Date | null,
  records: BulkRecord[],
): Promise<Outcome> {
  return db.$transaction(
    async (tx) => {
      await lockRecord(tx, shopId, table, id);
      if (
        await tx.deletedRecord.findUnique({ where: { shopId_resource_id: { shopId, resource: table, id } } })
      ) {
        return "deleted" as const;
      }
      const [stored] = await tx.$queryRawUnsafe<{ updated: Date | null }[]>(
        `SELECT shopify_updated_at AS updated FROM ${table} WHERE shop_id = $1::int AND id = $2 FOR UPDATE`,
        shopId,
        id,
      );
      if (stored?.updated && updatedAt && stored.updated > updatedAt) return "stale" as const;
      // The same version again (a redelivery, a reconciliation of what a webhook already brought): nothing to do.
      if (stored?.updated && updatedAt && stored.updated.getTime() === updatedAt.getTime())
        return "unchanged" as const;
      const write = async () => {
        const writer = new BulkWriter(shopId);
        for (const record of records) writer.add(record);
        await writer.write(tx, writer.take());
      };
      if (table === "orders") {
        const order = records.find((r) => r.kind === "order");
        await withOrderFacts(tx, shopId, id, [order?.record.customer], write);
      } else {
        await write();
      }
      return "written" as const;
    },
    { timeout: 30_000 },
  );
}

/** A delete: the record is remembered, and marked deleted (with its variants, for a product) if Keel has it. */
export async function deleteRecord(
  db: Db,
  shopId: number,
  table: Table,
  id: bigint,
  at: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockRecord(tx, shopId, table, id);
    await tx.deletedRecord.upsert({
      where: { shopId_resource_id: { shopId, resource: table, id } },
      create: { shopId, resource: table, id, deletedAt: at },
      update: {},
    });
    const markDeleted = async () => {
      await tx.$executeRawUnsafe(
        `UPDATE ${table} SET deleted_at = $3 WHERE shop_id = $1::int AND id = $2`,
        shopId,
        id,
        at,
      );
    };
    if (table === "orders") await withOrderFacts(tx, shopId, id, [], markDeleted);
    else await markDeleted();
    if (table === "products") {
      await tx.variant.updateMany({ where: { shopId, productId: id }, data: { deletedAt: at } });
    }
  });
}

/**
 * Runs an order's write between reading the days its facts are in and marking those days and the ones it is in
 * afterwards. Locks in a fixed order (the order's row, then its customers) so that concurrent writes wait for
 * each other instead of deadlocking, and each reads the customers' first orders after the other's commit;
 * `customers` are the ones the write may give the order, on top of its stored one.
 */
export async function withOrderFacts(
  tx: Prisma.TransactionClient,
  shopId: number,
  orderId: bigint,
  customers: (bigint | null | undefined)[],
  write: () => Promise<void>,
): Promise<void> {
  const involved = [await lockOrder(tx, shopId, orderId), ...customers];
  await lockCustomers(tx, shopId, involved);
  const before = await orderFactDays(tx, shopId, orderId, involved);
  await write();
  const after = await orderFactDays(tx, shopId, orderId, involved);
  await markStaleDays(tx, shopId, [...before, ...after]);
}

/**
 * Serialises every write and delete of one record, whether Keel has its row yet or not (a row lock needs the
 * row): a delete and an update handled at once would otherwise each check before the other committed, and the
 * update could bring the deleted record back. Taken first, before any other lock.
 */
async function lockRecord(tx: Prisma.TransactionClient, shopId: number, table: Table, id: bigint) {
  await lockKeys(tx, [`keel:record:${table}:${shopId}:${id}`]);
}
