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

/**
 * inventory_items/update: the unit cost and tracking of the variant that owns the item, unless Keel already has
 * a newer version of the item (deliveries come out of order).
 */
export async function applyInventoryItem(db: Db, shopId: number, webhookId: string): Promise<void> {
  const item = RestInventoryItem.parse(await webhookBody(db, shopId, webhookId));
  await db.$executeRaw`
    UPDATE variants SET
      unit_cost = CASE WHEN ${item.cost !== undefined} THEN ${item.cost ?? null}::numeric ELSE unit_cost END,
      tracked = coalesce(${item.tracked ?? null}::boolean, tracked),
      inventory_item_updated_at = ${item.updated_at}, synced_at = now()
    WHERE shop_id = ${shopId} AND inventory_item_id = ${item.id}
      AND (inventory_item_updated_at IS NULL OR inventory_item_updated_at <= ${item.updated_at})`;
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
