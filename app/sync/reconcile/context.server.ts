/** What every resource's reconciliation shares: its inputs, its counts, and how a record it cannot read is kept. */
import type { Db } from "../../db.server";
import type { AdminClient } from "../../shopify/admin-client.server";
import { parseBulkLine, type BulkRecord } from "../backfill/records";

export interface ReconcileContext {
  db: Db;
  admin: AdminClient;
  shopId: number;
  /** The resource reconciled: products, inventoryItems, inventoryLevels, customers, orders. */
  resource: string;
  /** Changes after this instant are asked for (the mark, less an overlap). */
  since: Date;
  /** The sync run this resource's pass is recorded in; skipped records become its sync issues. */
  runId: number;
}

/** What one resource's pass did so far; kept up to date as it goes, so a failure still reports its repairs. */
export interface Counts {
  /** Records Shopify listed as changed since the mark. */
  checked: number;
  /** Records Keel did not have in that version, written. */
  repaired: number;
  /** Records that could not be read (their reasons are the run's sync issues). */
  skipped: number;
}

/** Skipped records stored one by one per run; beyond that they are only counted. */
const MAX_ISSUES_PER_RUN = 100;

/** Shopify's search syntax takes date-times to the second. */
export function searchTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** `updated_at:>'…'` for connections whose filter compares instants. */
export function updatedSince(since: Date): string {
  return `updated_at:>'${searchTime(since)}'`;
}

/** `occurred_at:>'…'`: deletion events after an instant. */
export function occurredSince(since: Date): string {
  return `occurred_at:>'${searchTime(since)}'`;
}

/**
 * Parses a node and its children as bulk result lines (`children` get `__parentId`). Undefined, and the node
 * counted as skipped with its reason stored, when any of them does not parse.
 */
export async function readRecords(
  context: ReconcileContext,
  counts: Counts,
  node: Record<string, unknown>,
  children: Record<string, unknown>[] = [],
): Promise<BulkRecord[] | undefined> {
  const parsed = [
    parseBulkLine(JSON.stringify(node)),
    ...children.map((child) => parseBulkLine(JSON.stringify({ ...child, __parentId: node.id }))),
  ];
  const failed = parsed.find((p) => !p.ok);
  if (!failed) return parsed.map((p) => (p as { ok: true; value: BulkRecord }).value);
  await skip(context, counts, failed.reason, node);
  return undefined;
}

/** Counts a record as skipped and stores why (up to MAX_ISSUES_PER_RUN per run). */
export async function skip(
  context: ReconcileContext,
  counts: Counts,
  reason: string,
  node: unknown,
): Promise<void> {
  counts.skipped++;
  if (counts.skipped > MAX_ISSUES_PER_RUN) return;
  await context.db.syncIssue.create({
    data: {
      shopId: context.shopId,
      runId: context.runId,
      resource: `${context.resource} (reconciliation)`,
      // The n-th record this pass checked: reconciliation has no result file to number lines in.
      line: counts.checked,
      reason,
      excerpt: JSON.stringify(node).slice(0, 200),
    },
  });
}
