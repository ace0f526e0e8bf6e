/**
 * Reconciliation: Shopify says webhooks can be lost or arrive a day late, so on a schedule (and on demand) Keel
 * asks the Admin API for the orders changed since its last mark and applies any it does not have in that
 * version, by the same rule as webhooks (app/sync/handlers/apply.server.ts). Each run is a sync run of kind
 * "reconcile" whose `imported` counts the orders it repaired.
 */
import type { Db } from "../db.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { reconcileOrders, ReconcileOrdersPage } from "../shopify/queries/reconcile";
import { parseBulkLine, type BulkRecord } from "./backfill/records";
import { applyRecord } from "./handlers/apply.server";

/** Changes this close before the mark are looked at again: Shopify's clocks and ours are not one clock. */
const OVERLAP_MS = 5 * 60_000;

export interface ReconcileResult {
  checked: number;
  repaired: number;
  skipped: number;
}

export async function reconcileShop(
  db: Db,
  admin: AdminClient,
  shopId: number,
  now: Date,
): Promise<ReconcileResult> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const mark = shop.lastReconciledAt ?? shop.syncCompletedAt ?? shop.installedAt;
  const since = new Date(mark.getTime() - OVERLAP_MS);
  const run = await db.syncRun.create({ data: { shopId, kind: "reconcile", resource: "orders" } });
  const result: ReconcileResult = { checked: 0, repaired: 0, skipped: 0 };
  try {
    let after: string | null = null;
    do {
      const page: ReturnType<typeof ReconcileOrdersPage.parse> = await admin.request(
        reconcileOrders,
        { query: `updated_at:>'${since.toISOString()}'`, after },
        ReconcileOrdersPage,
      );
      for (const node of page.orders.nodes) {
        result.checked++;
        const { lineItems, ...order } = node;
        const parsed = [
          parseBulkLine(JSON.stringify(order)),
          ...lineItems.nodes.map((line) => parseBulkLine(JSON.stringify({ ...line, __parentId: node.id }))),
        ];
        const records = parsed.filter((p) => p.ok).map((p) => (p as { ok: true; value: BulkRecord }).value);
        const head = records[0];
        if (records.length !== parsed.length || head?.kind !== "order") {
          result.skipped++;
          continue;
        }
        const outcome = await applyRecord(
          db,
          shopId,
          "orders",
          head.record.id,
          head.record.updatedAt,
          records,
        );
        if (outcome === "written") result.repaired++;
      }
      after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
    } while (after);
    await db.$transaction([
      db.syncRun.update({
        where: { id: run.id },
        data: {
          status: "completed",
          finishedAt: new Date(),
          objectCount: result.checked,
          linesDone: result.checked,
          imported: result.repaired,
          skipped: result.skipped,
        },
      }),
      db.shop.update({ where: { id: shopId }, data: { lastReconciledAt: now } }),
    ]);
    return result;
  } catch (error) {
    await db.syncRun.update({
      where: { id: run.id },
      data: { status: "failed", error: (error as Error).message.slice(0, 500) },
    });
    throw error;
  }
}
