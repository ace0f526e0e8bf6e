/**
 * The health of what Keel needs to serve: the database (reachable, schema current) and the job queue
 * (schema present; how many jobs wait and for how long, which shows whether any worker is running).
 */
import { db } from "./db.server";
import { queueHealth, type QueueHealth } from "./jobs.server";
import { migrationState } from "./db/migrations.server";

/** A due job waiting longer than this means no worker is taking jobs. */
const STALE_QUEUE_SECONDS = 300;

export interface Health {
  status: "ok" | "degraded" | "fail";
  database: {
    ok: boolean;
    latencyMs?: number;
    pendingMigrations?: string[];
    failedMigrations?: string[];
    error?: string;
  };
  queue: QueueHealth;
}

type Rows = { rows: Record<string, unknown>[] };
const query = async (sql: string): Promise<Rows> => ({
  rows: await db.$queryRawUnsafe<Record<string, unknown>[]>(sql),
});

export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  let database: Health["database"];
  try {
    await db.$queryRaw`SELECT 1`;
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const state = await migrationState(query as Parameters<typeof migrationState>[0]);
    database = {
      ok: state.pending.length === 0 && state.failed.length === 0,
      latencyMs,
      pendingMigrations: state.pending,
      failedMigrations: state.failed,
    };
  } catch (error) {
    database = { ok: false, error: (error as Error).message.split("\n")[0] };
  }

  const queue: QueueHealth = database.error
    ? {
        ok: false,
        waiting: 0,
        running: 0,
        failed: 0,
        oldestWaitingSeconds: null,
        error: "database unavailable",
      }
    : await queueHealth(query);

  const stale = (queue.oldestWaitingSeconds ?? 0) > STALE_QUEUE_SECONDS;
  const status = !database.ok || !queue.ok ? "fail" : stale ? "degraded" : "ok";
  return { status, database, queue };
}
