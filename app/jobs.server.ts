/**
 * The job queue: graphile-worker on Keel's PostgreSQL (LISTEN/NOTIFY, retries with exponential backoff,
 * job keys, cron), so no other service is needed (docs/decisions/0001-job-queue.md). This file is the task
 * list and the schedule; `npm run worker` runs them, any number of worker processes on any machines.
 */
import {
  Logger,
  makeWorkerUtils,
  parseCrontab,
  run,
  type Runner,
  type Task,
  type TaskList,
  type WorkerUtils,
} from "graphile-worker";
import { databaseUrl } from "./db/database.server";
import { db } from "./db.server";
import { coreEnv } from "./env.server";
import { pruneWebhookEvents } from "./sync/prune-webhook-events.server";
import { handleWebhook } from "./sync/handlers/index.server";
import { backfillShop } from "./sync/backfill/backfill.server";
import { reconcileShop } from "./sync/reconcile/index.server";
import { adminClientFor } from "./shopify/admin.server";
import { holdLiveness, unlockJobsOfDeadWorkers } from "./jobs/worker-liveness.server";
import { REFRESH_FACTS_TASK, refreshStaleDays } from "./facts/stale-days.server";

/** Every task by name. */
export const taskList: TaskList = {
  /** Repairs what webhooks missed for one shop (payload `{ shopId }`). */
  "reconcile-shop": (async (payload, helpers) => {
    const { shopId } = payload as { shopId: number };
    const shop = await db.shop.findUnique({ where: { id: shopId } });
    if (!shop || shop.uninstalledAt || shop.syncState !== "ready") return;
    const result = await reconcileShop(db, await adminClientFor(shop.domain), shopId, new Date());
    helpers.logger.info(
      `reconciled ${shop.domain}: ${result.resources.map((r) => `${r.resource} ${r.checked} checked, ${r.repaired} repaired${r.error ? ` (failed: ${r.error})` : ""}`).join("; ")}`,
    );
    // The others' repairs are kept; the job is retried (with backoff) for the window the failed ones missed.
    if (result.failed.length > 0) throw new Error(`reconciliation of ${result.failed.join(", ")} failed`);
  }) satisfies Task,
  /** The hourly round: every installed shop whose import is done gets a reconciliation. */
  "reconcile-all": (async () => {
    const shops = await db.shop.findMany({
      where: { uninstalledAt: null, syncState: "ready" },
      select: { id: true },
    });
    for (const shop of shops) await enqueueReconcile(shop.id);
  }) satisfies Task,
  /** One stored webhook delivery, applied by its topic's handler; retried with backoff, then parked as failed. */
  "process-webhook": (async (payload, helpers) => {
    const { shopId, webhookId } = payload as { shopId: number; webhookId: string };
    const key = { shopId_webhookId: { shopId, webhookId } };
    // Not the body: the handler reads it as text, where 64-bit ids stay exact (rest-body.server.ts).
    const event = await db.webhookEvent.findUnique({
      where: key,
      select: { shopId: true, webhookId: true, topic: true, status: true },
    });
    if (!event || event.status === "processed") return; // redacted with its shop, or already applied
    // The queue counts attempts, a killed worker's included: the event takes its count when the attempt ends.
    const attempts = helpers.job.attempts;
    try {
      await handleWebhook(db, event, new Date());
      // shop/redact removes the event with the shop: nothing is left to mark.
      await db.webhookEvent.updateMany({
        where: { shopId, webhookId },
        data: { status: "processed", processedAt: new Date(), error: null, attempts },
      });
    } catch (error) {
      const final = attempts >= helpers.job.max_attempts;
      await db.webhookEvent.updateMany({
        where: { shopId, webhookId },
        data: {
          status: final ? "failed" : "received",
          error: (error as Error).message.slice(0, 1000),
          attempts,
        },
      });
      throw error;
    }
  }) satisfies Task,
  /** Recomputes the sales facts of the days writes marked (payload `{ shopId }`); queued by the writes. */
  [REFRESH_FACTS_TASK]: (async (payload) => {
    const { shopId } = payload as { shopId: number };
    await refreshStaleDays(db, shopId);
  }) satisfies Task,
  /** The install backfill of one shop (payload `{ shopId }`); resumes where a crashed run stopped. */
  "backfill-shop": (async (payload, helpers) => {
    const { shopId } = payload as { shopId: number };
    const shop = await db.shop.findUnique({ where: { id: shopId } });
    if (!shop || shop.uninstalledAt) {
      helpers.logger.info(`shop ${shopId} is gone or uninstalled: nothing to backfill`);
      return;
    }
    const summary = await backfillShop({ db, shopId, admin: await adminClientFor(shop.domain) });
    helpers.logger.info(
      `backfilled ${shop.domain}: ${summary.resources.map((r) => `${r.resource} ${r.imported} rows, ${r.skipped} skipped`).join("; ")}`,
    );
  }) satisfies Task,
  "prune-webhook-events": (async (_payload, helpers) => {
    const deleted = await pruneWebhookEvents(db, coreEnv().WEBHOOK_RETENTION_DAYS, new Date());
    helpers.logger.info(
      `pruned ${deleted} webhook events older than ${coreEnv().WEBHOOK_RETENTION_DAYS} days`,
    );
  }) satisfies Task,
};

export type TaskName = keyof typeof taskList;

/**
 * The schedule (crontab syntax, UTC). `?fill=` makes a worker that was down run a missed job once on return.
 */
export const crontab = ["30 3 * * * prune-webhook-events ?fill=1d&max=1", "17 * * * * reconcile-all"].join(
  "\n",
);

/** Only warnings and errors, on stderr: for a terminal a person watches (the demo), not a log collector. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(message);
});

/** Starts a worker in this process; resolves once it is listening. */
export async function startWorker(
  options: { concurrency?: number; connectionString?: string; logger?: Logger } = {},
): Promise<Runner> {
  const connectionString = options.connectionString ?? (await databaseUrl());
  const started: { runner?: Runner } = {};
  const liveness = await holdLiveness(connectionString, (error) => {
    console.error(`worker: lost its liveness connection (${error.message}): stopping`);
    void started.runner?.stop();
  });
  const runner = await run({
    connectionString,
    concurrency: options.concurrency ?? coreEnv().WORKER_CONCURRENCY,
    taskList,
    parsedCronItems: parseCrontab(crontab),
    // The caller decides what a signal means (scripts/worker.ts stops gracefully and exits 0).
    noHandleSignals: true,
    events: liveness.events,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  started.runner = runner;
  await liveness.ready();
  const sweep = () =>
    unlockJobsOfDeadWorkers(connectionString, coreEnv().WORKER_DEAD_AFTER_SECONDS).then(
      (dead) => dead.length > 0 && console.log(`worker: jobs of dead workers ${dead.join(", ")} unlocked`),
      (error: Error) => console.error(`worker: could not look for dead workers: ${error.message}`),
    );
  await sweep();
  const timer = setInterval(sweep, 60_000).unref();
  void runner.promise.finally(() => {
    clearInterval(timer);
    void liveness.release();
  });
  return runner;
}

let utils: Promise<WorkerUtils> | undefined;

/**
 * Adds a job; failed jobs retry with graphile-worker's exponential backoff (exp(min(attempts, 10)) seconds)
 * up to `maxAttempts`, then stay in the queue as failed. With `jobKey`, a job still waiting under the same key is replaced rather than duplicated. */
export async function enqueue(
  task: TaskName,
  payload: Record<string, unknown> = {},
  spec: { jobKey?: string; runAt?: Date; maxAttempts?: number; priority?: number } = {},
) {
  utils ??= databaseUrl().then(async (connectionString) => {
    const workerUtils = await makeWorkerUtils({ connectionString });
    await workerUtils.migrate(); // the queue's own schema, in case no worker has started yet
    return workerUtils;
  });
  return (await utils).addJob(task, payload, { maxAttempts: 10, ...spec });
}

/** Queues the install backfill of a shop, once: a backfill already waiting for it is not added twice. */
export function enqueueBackfill(shopId: number) {
  return enqueue("backfill-shop", { shopId }, { jobKey: `backfill:${shopId}`, maxAttempts: 25 });
}

/** Queues a reconciliation of a shop, once: one already waiting is not added twice. */
export function enqueueReconcile(shopId: number) {
  return enqueue("reconcile-shop", { shopId }, { jobKey: `reconcile:${shopId}`, maxAttempts: 5 });
}

/** Queues a stored webhook delivery for its handler. */
export function enqueueWebhook(event: { shopId: number; webhookId: string }) {
  return enqueue("process-webhook", event, {
    jobKey: `webhook:${event.shopId}:${event.webhookId}`,
    maxAttempts: 8,
  });
}

/** Closes the enqueueing connection pool (scripts and tests). */
export async function closeQueue(): Promise<void> {
  if (utils) await (await utils).release();
  utils = undefined;
}

export interface QueueHealth {
  ok: boolean;
  /** Jobs due now and not yet taken by a worker. */
  waiting: number;
  /** Jobs a worker is running. */
  running: number;
  /** Jobs that used every attempt. */
  failed: number;
  /** Seconds the oldest due job has waited: large when no worker runs. */
  oldestWaitingSeconds: number | null;
  error?: string;
}

const firstLine = (error: unknown) =>
  (error as Error).message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1) ?? String(error);

/** The queue's state for /healthz, read from graphile-worker's tables; `ok: false` when its schema is missing. */
export async function queueHealth(
  query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>,
): Promise<QueueHealth> {
  try {
    const { rows } = await query(`
      SELECT
        count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts) AS waiting,
        count(*) FILTER (WHERE locked_at IS NOT NULL) AS running,
        count(*) FILTER (WHERE attempts >= max_attempts) AS failed,
        extract(epoch FROM now() - min(run_at) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts)) AS oldest
      FROM graphile_worker.jobs`);
    const row = rows[0];
    return {
      ok: true,
      waiting: Number(row.waiting),
      running: Number(row.running),
      failed: Number(row.failed),
      oldestWaitingSeconds: row.oldest === null ? null : Math.round(Number(row.oldest)),
    };
  } catch (error) {
    // Most likely the queue's schema is missing: no process has prepared this database.
    return {
      ok: false,
      waiting: 0,
      running: 0,
      failed: 0,
      oldestWaitingSeconds: null,
      error: firstLine(error),
    };
  }
}
