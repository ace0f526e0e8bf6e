/**
 * refunds/create, inventory_items/update and app/scopes_update, from Shopify's REST bodies.
 * A refund of an order Keel does not have yet fails, to be retried with backoff: the order's own delivery (or
 * the backfill) brings it, and the refund then lands on it.
 */
import { z } from "zod";
import type { Db } from "../../db.server";
import { withOrderFacts } from "./apply.server";
import { webhookBody } from "./rest-body.server";
import { decimal, id, restRefund, time } from "./rest-fields";

const RestRefund = restRefund.extend({ order_id: id });

export class OrderNotYetStoredError extends Error {
  override name = "OrderNotYetStoredError";
}

export async function applyRefund(db: Db, shopId: number, webhookId: string): Promise<void> {
  const refund = RestRefund.parse(await webhookBody(db, shopId, webhookId));
  const order = await db.order.findUnique({
    where: { shopId_id: { shopId, id: refund.order_id } },
    select: { id: true },
  });
  if (!order)
    throw new OrderNotYetStoredError(
      `refund ${refund.id} is for order ${refund.order_id}, which Keel does not have yet`,
    );
  const data = {
    orderId: refund.order_id,
    note: refund.note ?? null,
    shopifyCreatedAt: refund.created_at,
    processedAt: refund.processed_at ?? refund.created_at,
  };
  await db.$transaction(async (tx) => {
    // The order's facts (the refund's day among them) are recomputed with the refund in them.
    await withOrderFacts(tx, shopId, refund.order_id, [], async () => {
      await tx.refund.upsert({
        where: { shopId_id: { shopId, id: refund.id } },
        create: { shopId, id: refund.id, ...data },
        update: data,
      });
      for (const line of refund.refund_line_items) {
        const row = {
          refundId: refund.id,
          orderLineId: line.line_item_id,
          quantity: line.quantity,
          subtotal: line.subtotal,
          totalTax: line.total_tax,
          restockType: line.restock_type ?? null,
          locationId: line.location_id ?? null,
        };
        await tx.refundLine.upsert({
          where: { shopId_id: { shopId, id: line.id } },
          create: { shopId, id: line.id, ...row },
          update: row,
        });
      }
    });
  });
}

const RestInventoryItem = z.object({
  id,
  cost: decimal.nullable().optional(),
  tracked: z.boolean().optional(),
  updated_at: time,
});

/** inventory_items/update: the unit cost and tracking of the variant that owns the item. */
export async function applyInventoryItem(db: Db, shopId: number, webhookId: string): Promise<void> {
  const item = RestInventoryItem.parse(await webhookBody(db, shopId, webhookId));
  await applyInventoryItems(db, shopId, [
    { id: item.id, cost: item.cost, tracked: item.tracked, updatedAt: item.updated_at },
  ]);
}

export interface InventoryItemVersion {
  id: bigint;
  /** Left as stored when undefined (a body without it). */
  cost?: string | null;
  tracked?: boolean;
  updatedAt: Date | string;
}

/**
 * Writes items' unit cost and tracking onto the variants that own them, unless Keel already has a newer version
 * of the item (`inventory_item_updated_at`; deliveries and reconciliation come out of order). Returns how many
 * variants' cost or tracking changed.
 */
export async function applyInventoryItems(
  db: Pick<Db, "$queryRawUnsafe">,
  shopId: number,
  items: InventoryItemVersion[],
): Promise<number> {
  if (items.length === 0) return 0;
  // The self-join reads the row as it was before the update, to tell a change from a newer stamp alone.
  const rows = await db.$queryRawUnsafe<{ changed: boolean }[]>(
    `UPDATE variants AS v SET
       unit_cost = CASE WHEN u.has_cost THEN u.cost ELSE v.unit_cost END,
       tracked = coalesce(u.tracked, v.tracked),
       inventory_item_updated_at = u.updated, synced_at = now()
     FROM unnest($2::bigint[], $3::bool[], $4::numeric[], $5::bool[], $6::timestamptz[])
         AS u(item, has_cost, cost, tracked, updated),
       variants AS old
     WHERE v.shop_id = $1::int AND v.inventory_item_id = u.item AND old.shop_id = v.shop_id AND old.id = v.id
       AND (v.inventory_item_updated_at IS NULL OR v.inventory_item_updated_at <= u.updated)
     RETURNING (CASE WHEN u.has_cost THEN u.cost ELSE old.unit_cost END) IS DISTINCT FROM old.unit_cost
       OR coalesce(u.tracked, old.tracked) IS DISTINCT FROM old.tracked AS changed`,
    shopId,
    items.map((i) => i.id),
    items.map((i) => i.cost !== undefined),
    items.map((i) => i.cost ?? null),
    items.map((i) => i.tracked ?? null),
    items.map((i) => i.updatedAt),
  );
  return rows.filter((row) => row.changed).length;
}

const ScopesUpdate = z.object({ current: z.array(z.string()) });

/** app/scopes_update: the scopes the merchant granted now, on the shop and its sessions. */
export async function applyScopesUpdate(db: Db, shopId: number, webhookId: string): Promise<void> {
  const { current } = ScopesUpdate.parse(await webhookBody(db, shopId, webhookId));
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const scopes = current.join(",");
  await db.$transaction([
    db.shop.update({ where: { id: shopId }, data: { scopes } }),
    db.session.updateMany({ where: { shop: shop.domain }, data: { scope: scopes } }),
  ]);
}
