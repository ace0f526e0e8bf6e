/**
 * Raw webhook events are an audit log kept for a bounded time (WEBHOOK_RETENTION_DAYS). Events that were
 * handled or skipped are deleted once older than that; events still waiting or parked as failed are kept,
 * whatever their age, because deleting them would lose data nobody has applied.
 */
import type { Db } from "../db.server";

const BATCH = 5000;

export async function pruneWebhookEvents(db: Db, retentionDays: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const shops = await db.shop.findMany({ select: { id: true } });
  let deleted = 0;
  for (const shop of shops) {
    // In batches, so that a large backlog never holds long locks on the table the webhook endpoint writes to.
    for (;;) {
      const count = await db.$executeRaw`
        DELETE FROM webhook_events
        WHERE shop_id = ${shop.id} AND webhook_id IN (
          SELECT webhook_id FROM webhook_events
          WHERE shop_id = ${shop.id} AND received_at < ${cutoff}
            AND status IN ('processed', 'skipped')
          LIMIT ${BATCH})`;
      deleted += count;
      if (count < BATCH) break;
    }
  }
  return deleted;
}
