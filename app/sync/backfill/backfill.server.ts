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
import { readJsonl } from "./jsonl.server";
import { parseBulkLine } from "./records";
import { BulkWriter, type Batch } from "./writer.server";

export const BACKFILL_RESOURCES: { resource: string; query: AdminOperation; tables: string[] }[] = [
  { resource: "locations", query: backfillLocations, tables: ["locations"] },
  { resource: "products", query: backfillProducts, tables: ["products", "variants"] },
  { resource: "inventory", query: backfillInventory, tables: ["inventory_levels"] },
  { resource: "customers", query: backfillCustomers, tables: ["customers"] },
  { resource: "orders", query: backfillOrders, tables: ["orders", "order_lines", "refunds", "refund_lines"] },
];

/**
 * Fresh statistics every this many batches. On a new shop the tables start empty, and PostgreSQL plans (and
 * caches, for foreign-key checks) a sequential scan; without new statistics every row of a large import would
 * scan the whole table written so far. ANALYZE also invalidates those cached plans.
 */
const ANALYZE_EVERY_BATCHES = 25;

/** Skipped lines beyond this many per run are counted but not stored one by one. */
const MAX_ISSUES_PER_RUN = 1000;

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
    for (const { resource, query, tables } of BACKFILL_RESOURCES) {
      summary.resources.push(await importResource(options, resource, query, tables, generationStart));
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
  tables: string[],
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
    if (operation.url) await streamResult(options, run, resource, tables, operation.url);
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

async function streamResult(
  options: BackfillOptions,
  run: { id: number; linesDone: number; objectCount: number },
  resource: string,
  tables: string[],
  url: string,
): Promise<void> {
  const { db, shopId } = options;
  const { id: runId, linesDone, objectCount } = run;
  const batchSize = options.batchSize ?? 5000;
  const writer = new BulkWriter(shopId);
  let issues: { line: number; reason: string; excerpt: string }[] = [];
  let issuesStored = await db.syncIssue.count({ where: { runId } });
  let lastLine = linesDone;
  let batches = 0;

  // One batch is written while the next is read and parsed: the database and the parser work at once.
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;

  const write = async (batch: Batch, pending: typeof issues, through: number) => {
    const storable = pending.slice(0, Math.max(0, MAX_ISSUES_PER_RUN - issuesStored));
    issuesStored += storable.length;
    await db.$transaction(
      async (tx) => {
        const { written, orphans } = await writer.write(tx, batch);
        const orphanIssues = orphans.map((o) => ({
          line: through,
          reason: `${o.count} ${o.kind}(s) in this batch belong to a record that is not in the store`,
          excerpt: "",
        }));
        const orphanCount = orphans.reduce((sum, o) => sum + o.count, 0);
        if (storable.length + orphanIssues.length > 0) {
          await tx.syncIssue.createMany({
            data: [...storable, ...orphanIssues].map((issue) => ({ shopId, runId, resource, ...issue })),
          });
        }
        await tx.syncRun.update({
          where: { id: runId },
          data: {
            linesDone: through,
            imported: { increment: written },
            skipped: { increment: pending.length + orphanCount },
          },
        });
      },
      // A batch of thousands of rows on a busy machine outlasts Prisma's 5-second default.
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (++batches % ANALYZE_EVERY_BATCHES === 1) await db.$executeRawUnsafe(`ANALYZE ${tables.join(", ")}`);
    options.onProgress?.({ resource, linesDone: through, objectCount });
  };

  const commit = async () => {
    await writing;
    if (failure) throw failure;
    const batch = writer.take();
    const pending = issues;
    issues = [];
    writing = write(batch, pending, lastLine).catch((error: unknown) => {
      failure = error;
    });
  };

  for await (const { line, text } of readJsonl(url, { skipLines: linesDone, fetch: options.fetch })) {
    const parsed = parseBulkLine(text);
    if (parsed.ok) writer.add(parsed.value);
    else issues.push({ line, reason: parsed.reason, excerpt: text.slice(0, 200) });
    lastLine = line;
    if (writer.size + issues.length >= batchSize) await commit();
  }
  await commit();
  await writing;
  if (failure) throw failure;
}
