/**
 * The install backfill: every location, product (with its variants), inventory level, customer and order (lines, refunds)
 * of a shop through bulk queries, streamed into batched upserts.
 *
 * Each resource is a sync run that records the bulk operation and the last JSONL line whose rows were
 * committed, in the same transaction as those rows. A crash (or a deploy) mid-import resumes from there;
 * rows are upserted, so the few lines replayed change nothing, and so does running the whole backfill again.
 */
import { rebuildSalesFacts } from "../../facts/sales-facts.server";
import type { Db } from "../../db.server";
import type { AdminClient } from "../../shopify/admin-client.server";
import type { AdminOperation } from "../../shopify/admin-client.server";
import {
  backfillCustomers,
  backfillInventory,
  backfillLocations,
  backfillOrders,
  backfillProducts,
} from "../../shopify/queries/backfill";
import { startBulkQuery, waitForBulkOperation } from "./bulk-operation.server";
import { importBulkResult } from "./stream.server";

/** `parents`: the resource's tables that its other rows' foreign keys look up while it is imported. */
export const BACKFILL_RESOURCES: {
  resource: string;
  query: AdminOperation;
  tables: string[];
  parents: string[];
}[] = [
  { resource: "locations", query: backfillLocations, tables: ["locations"], parents: [] },
  { resource: "products", query: backfillProducts, tables: ["products", "variants"], parents: ["products"] },
  { resource: "inventory", query: backfillInventory, tables: ["inventory_levels"], parents: [] },
  { resource: "customers", query: backfillCustomers, tables: ["customers"], parents: [] },
  {
    resource: "orders",
    query: backfillOrders,
    tables: ["orders", "order_lines", "refunds", "refund_lines"],
    parents: ["orders", "refunds"],
  },
];

const DEFAULT_BATCH_SIZE = 2500;

export interface BackfillOptions {
  db: Db;
  admin: AdminClient;
  shopId: number;
  /** Rows per transaction. */
  batchSize?: number;
  pollIntervalMs?: number;
  fetch?: typeof fetch;
  /** Called after each committed batch: for the terminal's progress bar. */
  onProgress?: (progress: { resource: string; linesDone: number; objectCount: number }) => void;
}

export interface BackfillSummary {
  resources: { resource: string; imported: number; skipped: number; lines: number }[];
}

export async function backfillShop(options: BackfillOptions): Promise<BackfillSummary> {
  const { db, shopId } = options;
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  // A new backfill starts a new generation of runs; a backfill that stopped (crash, failure) resumes its own.
  const resuming = shop.syncState === "backfilling" || shop.syncState === "failed";
  const generationStart = resuming && shop.syncStartedAt ? shop.syncStartedAt : new Date();
  await db.shop.update({
    where: { id: shopId },
    data: { syncState: "backfilling", syncStartedAt: generationStart, syncError: null },
  });

  try {
    const summary: BackfillSummary = { resources: [] };
    for (const { resource, query, tables, parents } of BACKFILL_RESOURCES) {
      summary.resources.push(
        await importResource(options, resource, query, { tables, parents }, generationStart),
      );
    }
    // The rows went in by the batch, beside the facts; the facts are then made from them in one pass.
    await rebuildSalesFacts(db, shopId);
    await db.shop.update({
      where: { id: shopId },
      data: { syncState: "ready", syncCompletedAt: new Date() },
    });
    return summary;
  } catch (error) {
    await db.shop.update({
      where: { id: shopId },
      data: { syncState: "failed", syncError: (error as Error).message.slice(0, 500) },
    });
    throw error;
  }
}

async function importResource(
  options: BackfillOptions,
  resource: string,
  query: AdminOperation,
  targets: { tables: string[]; parents: string[] },
  since: Date,
) {
  const { db, admin, shopId } = options;
  let run =
    (await db.syncRun.findFirst({
      where: { shopId, kind: "backfill", resource, startedAt: { gte: since } },
      orderBy: { startedAt: "desc" },
    })) ?? (await db.syncRun.create({ data: { shopId, kind: "backfill", resource } }));
  const done = (r: typeof run) => ({
    resource,
    imported: r.imported,
    skipped: r.skipped,
    lines: r.linesDone,
  });
  if (run.status === "completed") return done(run);
  if (run.status === "failed")
    run = await db.syncRun.update({ where: { id: run.id }, data: { status: "running", error: null } });

  try {
    if (!run.bulkOperationId) {
      const bulkOperationId = await startBulkQuery(admin, query.document);
      run = await db.syncRun.update({ where: { id: run.id }, data: { bulkOperationId } });
    }
    const operation = await waitForBulkOperation(admin, run.bulkOperationId!, {
      intervalMs: options.pollIntervalMs,
      onProgress: async (op) => {
        options.onProgress?.({ resource, linesDone: run.linesDone, objectCount: op.objectCount });
      },
    });
    run = await db.syncRun.update({
      where: { id: run.id },
      data: { resultUrl: operation.url, objectCount: operation.objectCount },
    });
    if (operation.url) {
      const { objectCount } = run;
      await importBulkResult({
        db,
        shopId,
        runId: run.id,
        resource,
        ...targets,
        url: operation.url,
        linesDone: run.linesDone,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        fetch: options.fetch,
        onCommitted: (linesDone) => options.onProgress?.({ resource, linesDone, objectCount }),
      });
    }
    run = await db.syncRun.update({
      where: { id: run.id },
      data: { status: "completed", finishedAt: new Date() },
    });
    return done(run);
  } catch (error) {
    await db.syncRun.update({
      where: { id: run.id },
      data: { status: "failed", error: (error as Error).message.slice(0, 500) },
    });
    throw error;
  }
}
