/**
 * What the Sync page shows: the import's state and progress per resource, skipped records and errors, the
 * last reconciliation per resource, and the lag of Keel's copy behind the store.
 */
import type { Db } from "../db.server";
import { BACKFILL_RESOURCES } from "./backfill/backfill.server";
import { RECONCILE_RESOURCES } from "./reconcile/index.server";

type RunStatus = "running" | "completed" | "failed";

/** One reconciliation: its runs (one per resource) share a start. */
export interface ReconciliationRun {
  startedAt: Date;
  /** When its last resource finished; null while one still runs. */
  finishedAt: Date | null;
  /** running while any resource runs, else failed if any failed, else completed. */
  status: RunStatus;
  checked: number;
  repaired: number;
  skipped: number;
  resources: {
    resource: string;
    status: RunStatus;
    checked: number;
    repaired: number;
    skipped: number;
    error: string | null;
  }[];
}

/**
 * How far Keel's copy may be behind the store, measured at `asOf`:
 * - `verifiedThrough`: the instant up to which Keel has proven its copy complete by asking the Admin API: the
 *   mark of the last reconciliation in which every resource completed, or, before any, the start of the import
 *   (everything changed since then was either in the import's result or sent as a webhook). A change after it
 *   is in Keel only if its webhook arrived and was applied;
 * - `webhooks`: the deliveries not yet applied: waiting (received or being processed), the oldest of them, and
 *   failed ones (parked after their retries; replayable).
 * The lag is `asOf − verifiedThrough`; a backlog of webhooks is lag too, shown beside it.
 */
export interface SyncLag {
  asOf: Date;
  verifiedThrough: Date | null;
  verifiedBy: "reconciliation" | "import" | null;
  /** asOf − verifiedThrough, in milliseconds. */
  sinceVerifiedMs: number | null;
  webhooks: {
    waiting: number;
    failed: number;
    oldestWaitingAt: Date | null;
    /** asOf − oldestWaitingAt, in milliseconds. */
    oldestWaitingMs: number | null;
  };
  /** Days whose daily facts (the Dashboard's figures) wait for the refresh job (app/facts/stale-days.server.ts). */
  facts: {
    staleDays: number;
    staleSince: Date | null;
    /** asOf − staleSince, in milliseconds. */
    staleForMs: number | null;
  };
}

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
  /** The latest reconciliation, per resource, and the lag of Keel's copy. */
  reconciliation: {
    lastReconciledAt: Date | null;
    last: ReconciliationRun | null;
    lag: SyncLag;
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

export async function syncOverview(db: Db, shopId: number, asOf = new Date()): Promise<SyncOverview> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const runs = shop.syncStartedAt
    ? await db.syncRun.findMany({
        where: { shopId, kind: "backfill", startedAt: { gte: shop.syncStartedAt } },
        orderBy: { startedAt: "asc" },
      })
    : [];
  const [issues, issueCount, last, webhooks, stale] = await Promise.all([
    db.syncIssue.findMany({ where: { shopId }, orderBy: { id: "desc" }, take: 100 }),
    db.syncIssue.count({ where: { shopId } }),
    lastReconciliation(db, shopId),
    webhookBacklog(db, shopId, asOf),
    db.staleFactDay.aggregate({ where: { shopId }, _count: true, _min: { staleSince: true } }),
  ]);
  const staleSince = stale._min.staleSince;
  const verifiedThrough = shop.lastReconciledAt ?? shop.syncStartedAt;
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
      last,
      lag: {
        asOf,
        verifiedThrough,
        verifiedBy: shop.lastReconciledAt ? "reconciliation" : shop.syncStartedAt ? "import" : null,
        sinceVerifiedMs: verifiedThrough ? Math.max(0, asOf.getTime() - verifiedThrough.getTime()) : null,
        webhooks,
        facts: {
          staleDays: stale._count,
          staleSince,
          staleForMs: staleSince ? Math.max(0, asOf.getTime() - staleSince.getTime()) : null,
        },
      },
    },
    issues,
    issueCount,
  };
}

/** The latest reconciliation: the runs that share the latest reconcile run's start, in resource order. */
async function lastReconciliation(db: Db, shopId: number): Promise<ReconciliationRun | null> {
  const latest = await db.syncRun.findFirst({
    where: { shopId, kind: "reconcile" },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { startedAt: true },
  });
  if (!latest) return null;
  const runs = await db.syncRun.findMany({
    where: { shopId, kind: "reconcile", startedAt: latest.startedAt },
    orderBy: { id: "asc" },
  });
  const order: readonly string[] = RECONCILE_RESOURCES.map((r) => r.resource);
  runs.sort((a, b) => order.indexOf(a.resource) - order.indexOf(b.resource));
  const resources = runs.map((run) => ({
    resource: run.resource,
    status: run.status as RunStatus,
    checked: run.objectCount,
    repaired: run.imported,
    skipped: run.skipped,
    error: run.error,
  }));
  const running = runs.some((run) => run.status === "running");
  const finished = runs.map((run) => run.finishedAt?.getTime() ?? 0);
  return {
    startedAt: latest.startedAt,
    finishedAt: running ? null : new Date(Math.max(...finished)),
    status: running ? "running" : runs.some((run) => run.status === "failed") ? "failed" : "completed",
    checked: resources.reduce((sum, r) => sum + r.checked, 0),
    repaired: resources.reduce((sum, r) => sum + r.repaired, 0),
    skipped: resources.reduce((sum, r) => sum + r.skipped, 0),
    resources,
  };
}

/** Webhook deliveries not applied yet: waiting (received or processing) and failed. */
async function webhookBacklog(db: Db, shopId: number, asOf: Date): Promise<SyncLag["webhooks"]> {
  const [waiting, failed, oldest] = await Promise.all([
    db.webhookEvent.count({ where: { shopId, status: { in: ["received", "processing"] } } }),
    db.webhookEvent.count({ where: { shopId, status: "failed" } }),
    db.webhookEvent.findFirst({
      where: { shopId, status: { in: ["received", "processing"] } },
      orderBy: { receivedAt: "asc" },
      select: { receivedAt: true },
    }),
  ]);
  const oldestWaitingAt = oldest?.receivedAt ?? null;
  return {
    waiting,
    failed,
    oldestWaitingAt,
    oldestWaitingMs: oldestWaitingAt ? Math.max(0, asOf.getTime() - oldestWaitingAt.getTime()) : null,
  };
}
