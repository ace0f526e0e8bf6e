/**
 * orders/create, orders/updated, orders/cancelled (the order as Shopify's REST API shows it, with its lines and
 * refunds) and orders/delete.
 */
import { z } from "zod";
import type { Db } from "../../db.server";
import type { LineItemRecord, OrderRecord } from "../backfill/records";
import { applyRecord, deleteRecord, type Outcome } from "./apply.server";
import { webhookBody } from "./rest-body.server";
import { decimal, id, restRefund, tags, time } from "./rest-fields";

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
  tags,
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
  refunds: z.array(restRefund).optional().default([]),
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
    tags: o.tags,
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

/** Applies an order body (app/sync/handlers/apply.server.ts says how). */
export async function applyOrder(db: Db, shopId: number, webhookId: string): Promise<Outcome> {
  const { order, lines } = orderRecords(await webhookBody(db, shopId, webhookId));
  return applyRecord(db, shopId, "orders", order.id, order.updatedAt, [
    { kind: "order", record: order },
    ...lines.map((record) => ({ kind: "lineItem" as const, record })),
  ]);
}

/** orders/delete: the order is marked deleted (counts and revenue skip it) and remembered. */
export async function deleteOrder(db: Db, shopId: number, webhookId: string, at: Date): Promise<void> {
  const { id: orderId } = z.object({ id }).parse(await webhookBody(db, shopId, webhookId));
  await deleteRecord(db, shopId, "orders", orderId, at);
}
