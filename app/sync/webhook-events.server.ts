/** The Sync page's view of webhook deliveries: the latest, those parked as failed, and replaying one. */
import type { Db } from "../db.server";

export interface WebhookEventRow {
  webhookId: string;
  topic: string;
  status: string;
  attempts: number;
  error: string | null;
  receivedAt: Date;
  processedAt: Date | null;
}

const columns = {
  webhookId: true,
  topic: true,
  status: true,
  attempts: true,
  error: true,
  receivedAt: true,
  processedAt: true,
} as const;

export async function webhookEvents(
  db: Db,
  shopId: number,
): Promise<{ recent: WebhookEventRow[]; failed: WebhookEventRow[] }> {
  const [recent, failed] = await Promise.all([
    db.webhookEvent.findMany({
      where: { shopId },
      select: columns,
      orderBy: { receivedAt: "desc" },
      take: 20,
    }),
    db.webhookEvent.findMany({
      where: { shopId, status: "failed" },
      select: columns,
      orderBy: { receivedAt: "desc" },
      take: 50,
    }),
  ]);
  return { recent, failed };
}

/**
 * Puts a failed delivery back in the queue, once more with all its attempts. Only the shop's own events:
 * a webhook id of another shop is simply not found.
 */
export async function replayWebhookEvent(
  db: Db,
  shopId: number,
  webhookId: string,
  enqueue: (event: { shopId: number; webhookId: string }) => Promise<unknown>,
): Promise<boolean> {
  const { count } = await db.webhookEvent.updateMany({
    where: { shopId, webhookId, status: "failed" },
    data: { status: "received", attempts: 0, error: null },
  });
  if (count === 0) return false;
  await enqueue({ shopId, webhookId });
  return true;
}
