/** What the Sync page shows: the import's state and progress per resource, skipped records and errors. */
import type { Db } from "../db.server";
import { BACKFILL_RESOURCES } from "./backfill/backfill.server";

export interface SyncOverview {
  syncState: string;
  syncStartedAt: Date | null;
  syncCompletedAt: Date | null;
  syncError: string | null;
  runs: {
    resource: string;
    status: "waiting" | "running" | "completed" | "failed";
    objectCount: number;
    linesDone: number;
    imported: number;
    skipped: number;
    error: string | null;
  }[];
  /** The latest reconciliation and when Keel last knew itself in step with the store. */
  reconciliation: {
    lastReconciledAt: Date | null;
    last: { startedAt: Date; status: string; checked: number; repaired: number; error: string | null } | null;
  };
  issues: {
    id: number;
    resource: string;
    line: number;
    reason: string;
    excerpt: string | null;
    createdAt: Date;
  }[];
  issueCount: number;
}

export async function syncOverview(db: Db, shopId: number): Promise<SyncOverview> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const runs = shop.syncStartedAt
    ? await db.syncRun.findMany({
        where: { shopId, kind: "backfill", startedAt: { gte: shop.syncStartedAt } },
        orderBy: { startedAt: "asc" },
      })
    : [];
  const [issues, issueCount, lastReconcile] = await Promise.all([
    db.syncIssue.findMany({ where: { shopId }, orderBy: { id: "desc" }, take: 100 }),
    db.syncIssue.count({ where: { shopId } }),
    db.syncRun.findFirst({ where: { shopId, kind: "reconcile" }, orderBy: { startedAt: "desc" } }),
  ]);
  return {
    syncState: shop.syncState,
    syncStartedAt: shop.syncStartedAt,
    syncCompletedAt: shop.syncCompletedAt,
    syncError: shop.syncError,
    runs: BACKFILL_RESOURCES.map(({ resource }) => {
      const run = runs.filter((r) => r.resource === resource).at(-1);
      return {
        resource,
        status: run?.status ?? "waiting",
        objectCount: run?.objectCount ?? 0,
        linesDone: run?.linesDone ?? 0,
        imported: run?.imported ?? 0,
        skipped: run?.skipped ?? 0,
        error: run?.error ?? null,
      };
    }),
    reconciliation: {
      lastReconciledAt: shop.lastReconciledAt,
      last: lastReconcile
        ? {
            startedAt: lastReconcile.startedAt,
            status: lastReconcile.status,
            checked: lastReconcile.objectCount,
            repaired: lastReconcile.imported,
            error: lastReconcile.error,
          }
        : null,
    },
    issues,
    issueCount,
  };
}
