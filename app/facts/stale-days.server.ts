/**
 * Days whose sales facts are out of date, and the job that brings them up to date. A write marks the days it
 * touched (in its own transaction, with the job that will recompute them); the `refresh-facts` job recomputes
 * every marked day of the shop at once (docs/decisions/0006-coalesced-fact-refresh.md). While the worker is
 * busy, the marks of many writes wait for one job, so a busy day is recomputed once per round instead of once
 * per order.
 */
import type { Db } from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { refreshSalesFacts } from "./sales-facts.server";

/** The job of a shop's marked days: one at a time per shop (job key), run as soon as a worker is free. */
export const REFRESH_FACTS_TASK = "refresh-facts";
/** A day stale for longer than this has its refresh queued again by the next write that marks it. */
const REQUEUE_AFTER = "5 minutes";

/**
 * Marks shop-local days (YYYY-MM-DD) for recomputing and queues the shop's refresh, inside the writer's
 * transaction: a committed write always leaves either fresh facts or a mark and its job.
 */
export async function markStaleDays(
  tx: Prisma.TransactionClient,
  shopId: number,
  days: Iterable<string>,
): Promise<void> {
  const list = [...new Set(days)];
  if (list.length === 0) return;
  // DO UPDATE, not DO NOTHING: the write keeps the mark's row locked until it commits, so a refresh that takes
  // the mark waits for this write and then reads it. Marks in day order: two writers never wait on each other
  // crosswise.
  const [{ queue }] = await tx.$queryRawUnsafe<{ queue: boolean }[]>(
    `WITH marked AS (
       INSERT INTO stale_fact_days AS s (shop_id, day)
       SELECT $1, d FROM unnest($2::date[]) AS d ORDER BY d
       ON CONFLICT (shop_id, day) DO UPDATE SET stale_since = s.stale_since
       RETURNING xmax = 0 AS inserted, stale_since)
     SELECT coalesce(bool_or(inserted OR stale_since < now() - $3::interval), false) AS queue FROM marked`,
    shopId,
    list,
    REQUEUE_AFTER,
  );
  // A mark that was already there has its refresh queued by the write that made it, unless that refresh has
  // been failing for a while: then the job is queued again (which also gives a failed one its attempts back).
  if (!queue) return;
  // preserve_run_at: a refresh already waiting keeps its place in the queue rather than moving behind newer jobs.
  // A refresh already running loses its key to this new job, which then runs after it.
  await tx.$executeRawUnsafe(
    `SELECT graphile_worker.add_job($1, json_build_object('shopId', $2::int), job_key := 'facts:' || $2::int,
       job_key_mode := 'preserve_run_at', max_attempts := 25)`,
    REFRESH_FACTS_TASK,
    shopId,
  );
}

/** Recomputes every marked day of the shop and clears the marks, in one transaction; the number of days. */
export async function refreshStaleDays(db: Db, shopId: number): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // The marks locked in day order (a writer still holding one is waited for, then seen by what follows).
      const rows = await tx.$queryRawUnsafe<{ day: string }[]>(
        `DELETE FROM stale_fact_days WHERE shop_id = $1 AND day IN (
           SELECT day FROM stale_fact_days WHERE shop_id = $1 ORDER BY day FOR UPDATE)
         RETURNING to_char(day, 'YYYY-MM-DD') AS day`,
        shopId,
      );
      await refreshSalesFacts(
        tx,
        shopId,
        rows.map((row) => row.day),
      );
      return rows.length;
    },
    { timeout: 120_000 },
  );
}
