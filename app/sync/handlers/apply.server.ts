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
      // The same updated_at is not proof of the same version: Shopify's REST times have whole seconds, and an
      // order paid in the second it was placed sends two versions with one time. So it is written again, and
      // the stored content decides whether anything changed (a redelivery, or a reconciliation of what a webhook
      // already brought, changes nothing). Two such versions delivered in reverse leave the older one until the
      // next reconciliation, which writes Shopify's current content under the same rule.
      const sameTime = Boolean(
        stored?.updated && updatedAt && stored.updated.getTime() === updatedAt.getTime(),
      );
      const before = sameTime ? await contentDigest(tx, table, shopId, id) : null;
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
      if (sameTime && before === (await contentDigest(tx, table, shopId, id))) return "unchanged" as const;
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

/** The rows a record's write can change, minus Keel's own sync time, as one string in a stable order. */
const CONTENT: Record<Table, string> = {
  orders: `SELECT (to_jsonb(o) - 'synced_at')::text AS r FROM orders o WHERE o.shop_id = $1 AND o.id = $2
    UNION ALL SELECT to_jsonb(l)::text FROM order_lines l WHERE l.shop_id = $1 AND l.order_id = $2
    UNION ALL SELECT to_jsonb(f)::text FROM refunds f WHERE f.shop_id = $1 AND f.order_id = $2
    UNION ALL SELECT to_jsonb(rl)::text FROM refund_lines rl
      JOIN refunds f ON f.shop_id = rl.shop_id AND f.id = rl.refund_id WHERE f.shop_id = $1 AND f.order_id = $2`,
  products: `SELECT (to_jsonb(p) - 'synced_at')::text AS r FROM products p WHERE p.shop_id = $1 AND p.id = $2
    UNION ALL SELECT (to_jsonb(v) - 'synced_at')::text FROM variants v WHERE v.shop_id = $1 AND v.product_id = $2`,
  customers: `SELECT (to_jsonb(c) - 'synced_at')::text AS r FROM customers c WHERE c.shop_id = $1 AND c.id = $2`,
};

async function contentDigest(tx: Prisma.TransactionClient, table: Table, shopId: number, id: bigint) {
  const [{ digest }] = await tx.$queryRawUnsafe<{ digest: string }[]>(
    `SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS digest FROM (${CONTENT[table]}) AS rows`,
    shopId,
    id,
  );
  return digest;
}
