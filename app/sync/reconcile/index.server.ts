/**
 * Reconciliation: Shopify says webhooks can be lost or arrive a day late, so on a schedule (and on demand)
 * Keel asks the Admin API for what changed since its last mark and repairs what it does not have, by the same
 * rule as webhooks (app/sync/handlers/apply.server.ts: newer updated_at wins, deletes are remembered).
 *
 * One reconciliation is one sync run of kind "reconcile" per resource, all sharing the reconciliation's
 * `startedAt`: what it checked (`objectCount`), repaired (`imported`) and could not read (`skipped`, with
 * sync issues), or why it failed. A resource that fails does not stop the others, and keeps the repairs it
 * committed; the mark (`shops.last_reconciled_at`) moves on only when every resource completed, so the next
 * reconciliation covers the failed one's window again. What each resource asks Shopify: docs/reconciliation.md.
 */
import type { Db } from "../../db.server";
import type { AdminClient } from "../../shopify/admin-client.server";
import type { Counts, ReconcileContext } from "./context.server";
import { reconcileCustomers } from "./customers.server";
import { reconcileInventoryItems, reconcileInventoryLevels } from "./inventory.server";
import { reconcileOrders } from "./orders.server";
import { reconcileProducts } from "./products.server";

/** Changes this close before the mark are looked at again: Shopify's clocks and ours are not one clock. */
export const OVERLAP_MS = 5 * 60_000;

/** The resources reconciled, in order: products before inventory and orders, which refer to variants. */
export const RECONCILE_RESOURCES = [
  { resource: "products", reconcile: reconcileProducts },
  { resource: "inventoryItems", reconcile: reconcileInventoryItems },
  { resource: "inventoryLevels", reconcile: reconcileInventoryLevels },
  { resource: "customers", reconcile: reconcileCustomers },
  { resource: "orders", reconcile: reconcileOrders },
] as const satisfies readonly {
  resource: string;
  reconcile: (context: ReconcileContext, counts: Counts) => Promise<void>;
}[];

export type ReconcileResource = (typeof RECONCILE_RESOURCES)[number]["resource"];

export interface ResourceResult extends Counts {
  resource: ReconcileResource;
  status: "completed" | "failed";
  error: string | null;
}

export interface ReconcileResult extends Counts {
  startedAt: Date;
  /** The window's start: changes after it were asked for. */
  since: Date;
  resources: ResourceResult[];
  /** Resources that failed; empty when the mark moved to `now`. */
  failed: ReconcileResource[];
}

/**
 * Reconciles every resource of a shop with changes since its mark (the last complete reconciliation, else the
 * start of its import), less an overlap, and moves the mark to `now` if all of them completed.
 */
export async function reconcileShop(
  db: Db,
  admin: AdminClient,
  shopId: number,
  now: Date,
): Promise<ReconcileResult> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  // Before any reconciliation, the import's start: what changed while it ran is in its result or a webhook.
  const mark = shop.lastReconciledAt ?? shop.syncStartedAt ?? shop.installedAt;
  const since = new Date(mark.getTime() - OVERLAP_MS);
  const startedAt = new Date();
  const resources: ResourceResult[] = [];
  for (const { resource, reconcile } of RECONCILE_RESOURCES) {
    const run = await db.syncRun.create({ data: { shopId, kind: "reconcile", resource, startedAt } });
    const counts: Counts = { checked: 0, repaired: 0, skipped: 0 };
    let error: string | null = null;
    try {
      await reconcile({ db, admin, shopId, resource, since, runId: run.id }, counts);
    } catch (caught) {
      error = (caught as Error).message.slice(0, 500);
    }
    await db.syncRun.update({
      where: { id: run.id },
      data: {
        status: error ? "failed" : "completed",
        finishedAt: new Date(),
        objectCount: counts.checked,
        linesDone: counts.checked,
        imported: counts.repaired,
        skipped: counts.skipped,
        error,
      },
    });
    resources.push({ resource, status: error ? "failed" : "completed", error, ...counts });
  }
  const failed = resources.filter((r) => r.status === "failed").map((r) => r.resource);
  if (failed.length === 0) await db.shop.update({ where: { id: shopId }, data: { lastReconciledAt: now } });
  const total = (key: keyof Counts) => resources.reduce((sum, r) => sum + r[key], 0);
  return {
    startedAt,
    since,
    checked: total("checked"),
    repaired: total("repaired"),
    skipped: total("skipped"),
    resources,
    failed,
  };
}
