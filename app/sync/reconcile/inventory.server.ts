/**
 * Inventory changed since the mark, in two passes.
 *
 * Inventory items: a unit cost or tracking edited is an inventory_items/update, and the product's updated_at
 * need not move, so the products pass may not see it. Items changed since the mark are compared with the
 * variants that hold them, and a variant whose cost or tracking differs is corrected, unless Keel holds a
 * newer version of the item: the inventory_items/update handler's own rule (applyInventoryItems).
 *
 * Inventory levels: a quantity change moves the level's updated_at only. The Admin API filters levels by time
 * only under a location (`Location.inventoryLevels(query: "updated_at:…")`), so every location (inactive ones
 * too) is asked in turn. A level counts as repaired only if it differed from Keel's: written through the
 * backfill's writer (newer updated_at wins), in a transaction that holds the rows it compared.
 */
import { z } from "zod";
import {
  reconcileInventoryItems as reconcileInventoryItemsQuery,
  ReconcileInventoryItemsPage,
  reconcileInventoryLevels as reconcileInventoryLevelsQuery,
  ReconcileInventoryLevelsPage,
  reconcileLocations,
  ReconcileLocationsPage,
} from "../../shopify/queries/reconcile";
import type { InventoryLevelRecord } from "../backfill/records";
import { parseGid } from "../backfill/records";
import { BulkWriter } from "../backfill/writer.server";
import { applyInventoryItems, type InventoryItemVersion } from "../handlers/refunds-and-items.server";
import { readRecords, skip, updatedSince, type Counts, type ReconcileContext } from "./context.server";

const InventoryItemNode = z.object({
  id: z.string().refine((value) => parseGid(value)?.type === "InventoryItem", "must be an InventoryItem id"),
  tracked: z.boolean(),
  unitCost: z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal amount") }).nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});

export async function reconcileInventoryItems(context: ReconcileContext, counts: Counts): Promise<void> {
  const { db, admin, shopId } = context;
  let after: string | null = null;
  do {
    const page: ReturnType<typeof ReconcileInventoryItemsPage.parse> = await admin.request(
      reconcileInventoryItemsQuery,
      { query: updatedSince(context.since), after },
      ReconcileInventoryItemsPage,
    );
    const items: InventoryItemVersion[] = [];
    for (const node of page.inventoryItems.nodes) {
      counts.checked++;
      const parsed = InventoryItemNode.safeParse(node);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        await skip(context, counts, `${issue.path.join(".") || "item"}: ${issue.message}`, node);
        continue;
      }
      const { id, tracked, unitCost, updatedAt } = parsed.data;
      items.push({ id: parseGid(id)!.id, cost: unitCost?.amount ?? null, tracked, updatedAt });
    }
    counts.repaired += await applyInventoryItems(db, shopId, items);
    after = page.inventoryItems.pageInfo.hasNextPage ? page.inventoryItems.pageInfo.endCursor : null;
  } while (after);
}

export async function reconcileInventoryLevels(context: ReconcileContext, counts: Counts): Promise<void> {
  for (const locationId of await locationIds(context)) {
    let after: string | null = null;
    do {
      const page: ReturnType<typeof ReconcileInventoryLevelsPage.parse> = await context.admin.request(
        reconcileInventoryLevelsQuery,
        { locationId, query: updatedSince(context.since), after },
        ReconcileInventoryLevelsPage,
      );
      if (!page.location) break; // deleted since it was listed
      const levels: InventoryLevelRecord[] = [];
      for (const { item, ...node } of page.location.inventoryLevels.nodes) {
        counts.checked++;
        const records = await readRecords(context, counts, { ...node, __parentId: item.id });
        const head = records?.[0];
        if (head?.kind === "inventoryLevel") levels.push(head.record);
      }
      counts.repaired += await repairLevels(context, levels);
      const { pageInfo } = page.location.inventoryLevels;
      after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    } while (after);
  }
}

async function locationIds(context: ReconcileContext): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: ReturnType<typeof ReconcileLocationsPage.parse> = await context.admin.request(
      reconcileLocations,
      { after },
      ReconcileLocationsPage,
    );
    ids.push(...page.locations.nodes.map((location) => location.id));
    after = page.locations.pageInfo.hasNextPage ? page.locations.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

interface StoredLevel {
  item: bigint;
  location: bigint;
  available: number;
  on_hand: number | null;
  committed: number | null;
  incoming: number | null;
  updated: Date | null;
}

/** Writes the levels that differ from Keel's (and are not older than Keel's); the number written. */
async function repairLevels(context: ReconcileContext, levels: InventoryLevelRecord[]): Promise<number> {
  if (levels.length === 0) return 0;
  const { db, shopId } = context;
  return db.$transaction(
    async (tx) => {
      const stored = await tx.$queryRawUnsafe<StoredLevel[]>(
        `SELECT l.inventory_item_id AS item, l.location_id AS location, l.available, l.on_hand, l.committed,
           l.incoming, l.shopify_updated_at AS updated
         FROM inventory_levels l
         JOIN unnest($2::bigint[], $3::bigint[]) AS u(item, location)
           ON l.inventory_item_id = u.item AND l.location_id = u.location
         WHERE l.shop_id = $1::int
         FOR UPDATE OF l`,
        shopId,
        levels.map((l) => l.inventoryItemId),
        levels.map((l) => l.location.id),
      );
      const byKey = new Map(stored.map((row) => [`${row.item}:${row.location}`, row]));
      const differing = levels.filter((level) =>
        differs(byKey.get(`${level.inventoryItemId}:${level.location.id}`), level),
      );
      if (differing.length === 0) return 0;
      const writer = new BulkWriter(shopId);
      for (const record of differing) writer.add({ kind: "inventoryLevel", record });
      return (await writer.write(tx, writer.take())).written;
    },
    { timeout: 30_000 },
  );
}

/** Whether Shopify's level says something Keel's does not: a quantity it lacks or holds otherwise. */
function differs(stored: StoredLevel | undefined, level: InventoryLevelRecord): boolean {
  if (!stored) return true;
  // Keel's is newer (a webhook after the query's answer was made): never overwritten, so nothing to repair.
  if (stored.updated && level.updatedAt && stored.updated > level.updatedAt) return false;
  const held: Record<string, number | null> = {
    available: stored.available,
    on_hand: stored.on_hand,
    committed: stored.committed,
    incoming: stored.incoming,
  };
  return level.quantities.some((q) => q.name in held && held[q.name] !== q.quantity);
}
