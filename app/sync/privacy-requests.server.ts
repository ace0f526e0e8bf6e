/**
 * The privacy requests Shopify sent for a shop (customers/data_request, customers/redact), as the merchant
 * sees them: a data request's export is a file the merchant hands to the customer (Shopify leaves that to the
 * app), so it is offered for download.
 */
import type { Db } from "../db.server";

export interface PrivacyRequestRow {
  id: number;
  topic: string;
  customerId: string | null;
  dataRequestId: string | null;
  receivedAt: string;
  completedAt: string | null;
  /** Orders in the export (data requests only). */
  orders: number | null;
}

export async function listPrivacyRequests(db: Db, shopId: number, limit = 50): Promise<PrivacyRequestRow[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      topic: string;
      customer_id: bigint | null;
      data_request_id: bigint | null;
      received_at: Date;
      completed_at: Date | null;
      orders: number | null;
    }[]
  >`
    SELECT id, topic, customer_id, data_request_id, received_at, completed_at,
      jsonb_array_length(export->'orders') AS orders
    FROM privacy_requests WHERE shop_id = ${shopId} ORDER BY received_at DESC, id DESC LIMIT ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    topic: row.topic,
    customerId: row.customer_id?.toString() ?? null,
    dataRequestId: row.data_request_id?.toString() ?? null,
    receivedAt: row.received_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    orders: row.orders,
  }));
}

/** A data request's export as a JSON file, or null when the shop has no such request. */
export async function privacyExportFile(
  db: Db,
  shopId: number,
  requestId: number,
): Promise<{ filename: string; body: string } | null> {
  const request = await db.privacyRequest.findFirst({
    where: { id: requestId, shopId, topic: "customers/data_request" },
  });
  if (!request || request.export === null) return null;
  const who = request.customerId === null ? "unknown-customer" : `customer-${request.customerId}`;
  return {
    filename: `keel-data-request-${request.id}-${who}.json`,
    body: JSON.stringify(
      {
        shopifyDataRequestId: request.dataRequestId?.toString() ?? null,
        customerId: request.customerId?.toString() ?? null,
        receivedAt: request.receivedAt.toISOString(),
        data: request.export,
      },
      null,
      2,
    ),
  };
}
