/**
 * orders/create, orders/updated, orders/cancelled (the order as Shopify's REST API shows it) and orders/delete.
 * Deliveries come duplicated, late and out of order: an order is written only if it is at least as new as the
 * stored one (`updated_at`), its lines and refunds with it, all in one transaction holding the order's row; an
 * order Shopify deleted is remembered, so a create delivered after its delete leaves nothing behind.
 */
import { z } from "zod";
import type { Db } from "../../db.server";
import { BulkWriter } from "../backfill/writer.server";
import type { LineItemRecord, OrderRecord } from "../backfill/records";
import { webhookBody } from "./rest-body.server";

const id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
const decimal = z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]).transform(String);
const time = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

const RestRefund = z.object({
  id,
  note: z.string().nullable().optional(),
  created_at: time,
  refund_line_items: z
    .array(
      z.object({
        id,
        line_item_id: id,
        quantity: z.number().int(),
        subtotal: decimal,
        total_tax: decimal.optional().default("0"),
        restock_type: z.string().nullable().optional(),
        location_id: id.nullable().optional(),
      }),
    )
    .default([]),
});

const RestOrder = z.object({
  id,
  name: z.string(),
  email: z.string().nullable().optional(),
  customer: z.object({ id }).nullable().optional(),
  source_name: z.string().nullable().optional(),
  financial_status: z.string().nullable().optional(),
  fulfillment_status: z.string().nullable().optional(),
  currency: z.string().length(3),
  subtotal_price: decimal,
  total_discounts: decimal,
  total_shipping_price_set: z
    .object({ shop_money: z.object({ amount: decimal }) })
    .nullable()
    .optional(),
  total_tax: decimal,
  total_price: decimal,
  test: z.boolean().optional().default(false),
  tags: z.string().optional().default(""),
  note_attributes: z
    .array(z.object({ name: z.string(), value: z.string().nullable() }))
    .optional()
    .default([]),
  created_at: time,
  processed_at: time.nullable().optional(),
  cancelled_at: time.nullable().optional(),
  cancel_reason: z.string().nullable().optional(),
  updated_at: time,
  line_items: z.array(
    z.object({
      id,
      variant_id: id.nullable().optional(),
      product_id: id.nullable().optional(),
      sku: z.string().nullable().optional(),
      title: z.string(),
      quantity: z.number().int(),
      price: decimal,
      total_discount: decimal.optional().default("0"),
    }),
  ),
  refunds: z.array(RestRefund).optional().default([]),
});

/** The REST order as the records the backfill writes (the same upserts serve both). */
export function orderRecords(body: unknown): { order: OrderRecord; lines: LineItemRecord[] } {
  const o = RestOrder.parse(body);
  const order: OrderRecord = {
    id: o.id,
    name: o.name,
    email: o.email ?? null,
    customer: o.customer?.id ?? null,
    sourceName: o.source_name ?? null,
    displayFinancialStatus: o.financial_status ?? null,
    displayFulfillmentStatus: o.fulfillment_status ?? null,
    currencyCode: o.currency,
    subtotalPriceSet: o.subtotal_price,
    totalDiscountsSet: o.total_discounts,
    totalShippingPriceSet: o.total_shipping_price_set?.shop_money.amount ?? "0",
    totalTaxSet: o.total_tax,
    totalPriceSet: o.total_price,
    test: o.test,
    tags: o.tags
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    customAttributes: o.note_attributes.map((a) => ({ key: a.name, value: a.value })),
    createdAt: o.created_at,
    processedAt: o.processed_at ?? o.created_at,
    cancelledAt: o.cancelled_at ?? null,
    cancelReason: o.cancel_reason ?? null,
    updatedAt: o.updated_at,
    refunds: o.refunds.map((r) => ({
      id: r.id,
      note: r.note ?? null,
      createdAt: r.created_at,
      refundLineItems: {
        edges: r.refund_line_items.map((l) => ({
          node: {
            id: l.id,
            lineItem: { id: l.line_item_id },
            quantity: l.quantity,
            subtotalSet: l.subtotal,
            totalTaxSet: l.total_tax,
            restockType: l.restock_type ?? null,
            location: l.location_id ?? null,
          },
        })),
      },
    })),
  };
  const lines: LineItemRecord[] = o.line_items.map((l) => ({
    id: l.id,
    orderId: o.id,
    variant: l.variant_id ?? null,
    product: l.product_id ?? null,
    sku: l.sku ?? null,
    title: l.title,
    quantity: l.quantity,
    originalUnitPriceSet: l.price,
    totalDiscountSet: l.total_discount,
  }));
  return { order, lines };
}

export type OrderOutcome = "written" | "stale" | "deleted";

/** Applies an order body; says whether it was written, older than what is stored, or of a deleted order. */
export async function applyOrder(db: Db, shopId: number, webhookId: string): Promise<OrderOutcome> {
  const { order, lines } = orderRecords(await webhookBody(db, shopId, webhookId));
  return db.$transaction(
    async (tx) => {
      if (
        await tx.deletedRecord.findUnique({
          where: { shopId_resource_id: { shopId, resource: "orders", id: order.id } },
        })
      ) {
        return "deleted" as const;
      }
      // The row lock makes two deliveries of one order wait for each other instead of interleaving.
      const [stored] = await tx.$queryRaw<{ updated: Date | null }[]>`
        SELECT shopify_updated_at AS updated FROM orders WHERE shop_id = ${shopId}::int AND id = ${order.id} FOR UPDATE`;
      if (stored?.updated && order.updatedAt && stored.updated > order.updatedAt) return "stale" as const;
      const writer = new BulkWriter(shopId);
      writer.add({ kind: "order", record: order });
      for (const line of lines) writer.add({ kind: "lineItem", record: line });
      await writer.write(tx, writer.take());
      return "written" as const;
    },
    { timeout: 30_000 },
  );
}

/** orders/delete: the order is marked deleted (counts and revenue skip it) and remembered. */
export async function deleteOrder(db: Db, shopId: number, webhookId: string, at: Date): Promise<void> {
  const { id: orderId } = z.object({ id }).parse(await webhookBody(db, shopId, webhookId));
  await db.$transaction([
    db.deletedRecord.upsert({
      where: { shopId_resource_id: { shopId, resource: "orders", id: orderId } },
      create: { shopId, resource: "orders", id: orderId, deletedAt: at },
      update: {},
    }),
    db.order.updateMany({ where: { shopId, id: orderId }, data: { deletedAt: at } }),
  ]);
}
