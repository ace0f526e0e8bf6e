/**
 * products/create, products/update, products/delete and inventory_levels/update, from Shopify's REST bodies.
 * A product is written with its variants; the unit cost is not in a product's body (it belongs to the inventory
 * item), so the stored one is kept.
 */
import { z } from "zod";
import type { Db } from "../../db.server";
import type { BulkRecord } from "../backfill/records";
import { BulkWriter } from "../backfill/writer.server";
import { applyRecord, deleteRecord, type Outcome } from "./apply.server";
import { webhookBody } from "./rest-body.server";
import { decimal, id, tags, time } from "./rest-fields";

const RestProduct = z.object({
  id,
  title: z.string(),
  handle: z.string().nullable().optional(),
  vendor: z.string().nullable().optional(),
  product_type: z.string().nullable().optional(),
  status: z.string().optional().default("active"),
  tags,
  created_at: time.nullable().optional(),
  updated_at: time,
  variants: z
    .array(
      z.object({
        id,
        title: z.string().nullable().optional(),
        sku: z.string().nullable().optional(),
        barcode: z.string().nullable().optional(),
        price: decimal,
        compare_at_price: decimal.nullable().optional(),
        position: z.number().int().nullable().optional(),
        inventory_item_id: id.nullable().optional(),
        inventory_management: z.string().nullable().optional(),
        updated_at: time.nullable().optional(),
      }),
    )
    .optional()
    .default([]),
});

export async function applyProduct(db: Db, shopId: number, webhookId: string): Promise<Outcome> {
  const p = RestProduct.parse(await webhookBody(db, shopId, webhookId));
  const costs = new Map(
    (
      await db.variant.findMany({ where: { shopId, productId: p.id }, select: { id: true, unitCost: true } })
    ).map((v) => [v.id, v.unitCost?.toString() ?? null]),
  );
  const records: BulkRecord[] = [
    {
      kind: "product",
      record: {
        id: p.id,
        title: p.title,
        handle: p.handle ?? null,
        vendor: p.vendor ?? null,
        productType: p.product_type ?? null,
        status: p.status,
        tags: p.tags,
        createdAt: p.created_at ?? null,
        updatedAt: p.updated_at,
      },
    },
    ...p.variants.map((v): BulkRecord => ({
      kind: "variant",
      record: {
        id: v.id,
        productId: p.id,
        title: v.title ?? null,
        sku: v.sku ?? null,
        barcode: v.barcode ?? null,
        price: v.price,
        compareAtPrice: v.compare_at_price ?? null,
        position: v.position ?? null,
        updatedAt: v.updated_at ?? p.updated_at,
        inventoryItem: v.inventory_item_id
          ? {
              id: v.inventory_item_id,
              // Shopify tracks a variant's stock when "shopify" manages its inventory.
              tracked: v.inventory_management === "shopify",
              unitCost: costs.get(v.id) ? { amount: costs.get(v.id)! } : null,
            }
          : null,
      },
    })),
  ];
  return applyRecord(db, shopId, "products", p.id, p.updated_at, records);
}

export async function deleteProduct(db: Db, shopId: number, webhookId: string, at: Date): Promise<void> {
  const { id: productId } = z.object({ id }).parse(await webhookBody(db, shopId, webhookId));
  await deleteRecord(db, shopId, "products", productId, at);
}

const RestInventoryLevel = z.object({
  inventory_item_id: id,
  location_id: id,
  available: z.number().int().nullable(),
  updated_at: time,
});

/** inventory_levels/update: levels carry their own updated_at, and the upsert keeps the newer one. */
export async function applyInventoryLevel(db: Db, shopId: number, webhookId: string): Promise<void> {
  const level = RestInventoryLevel.parse(await webhookBody(db, shopId, webhookId));
  const writer = new BulkWriter(shopId);
  writer.add({
    kind: "inventoryLevel",
    record: {
      inventoryItemId: level.inventory_item_id,
      location: { id: level.location_id },
      quantities: [{ name: "available", quantity: level.available ?? 0 }],
      updatedAt: level.updated_at,
    },
  });
  // One statement (the level and, by trigger, its day's position): atomic without a transaction of its own.
  await writer.write(db, writer.take());
}
