/** Field types and shared schemas of Shopify's REST resources as webhooks deliver them. */
import { z } from "zod";

/** An id: a JSON number, or the exact string `parseExactJson` made of one beyond 2^53. */
export const id = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((v) => BigInt(v));
/** Money and other decimals: REST sends strings ("19.99"); a number is accepted as written. */
export const decimal = z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]).transform(String);
export const time = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
/** REST tags are one comma-separated string. */
export const tags = z
  .string()
  .optional()
  .default("")
  .transform((text) =>
    text
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
  );

/** A refund as REST shows it, inline in an order and as the body of refunds/create. */
export const restRefund = z.object({
  id,
  note: z.string().nullable().optional(),
  created_at: time,
  processed_at: time.nullable().optional(),
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
