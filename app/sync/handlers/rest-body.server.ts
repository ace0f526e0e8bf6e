/**
 * A stored webhook body read back for its handler. Bodies are Shopify's REST resources, whose ids are JSON
 * numbers that can exceed 2^53: the text is taken from PostgreSQL (where jsonb kept them exact) and every integer
 * of 16 digits or more is read as a string before JavaScript could round it.
 */
import type { Db } from "../../db.server";

const LONG_INTEGER = /([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g;

export function parseExactJson(text: string): unknown {
  return JSON.parse(text.replace(LONG_INTEGER, '$1"$2"'));
}

export async function webhookBody(db: Db, shopId: number, webhookId: string): Promise<unknown> {
  const [row] = await db.$queryRaw<{ body: string }[]>`
    SELECT body::text AS body FROM webhook_events WHERE shop_id = ${shopId}::int AND webhook_id = ${webhookId}`;
  if (!row) throw new Error(`webhook ${webhookId} is not stored`);
  return parseExactJson(row.body);
}
