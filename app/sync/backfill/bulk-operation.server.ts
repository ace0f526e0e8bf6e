/** Starting a bulk query and waiting for its result, as Shopify's bulk operations protocol asks. */
import type { AdminClient } from "../../shopify/admin-client.server";
import { assertNoUserErrors } from "../../shopify/admin-errors";
import {
  bulkOperationRunQuery,
  BulkOperationRunQueryResult,
  bulkOperationStatus,
  BulkOperationStatusResult,
  type BulkOperation,
} from "../../shopify/queries/bulk";

export class BulkOperationFailedError extends Error {
  override name = "BulkOperationFailedError";
}

/** Starts a bulk query; returns its id. Shopify runs one bulk query per app and shop at a time. */
export async function startBulkQuery(admin: AdminClient, query: string): Promise<string> {
  const { bulkOperationRunQuery: payload } = await admin.request(
    bulkOperationRunQuery,
    { query },
    BulkOperationRunQueryResult,
  );
  assertNoUserErrors("bulkOperationRunQuery", payload);
  if (!payload.bulkOperation)
    throw new BulkOperationFailedError("bulkOperationRunQuery returned no operation");
  return payload.bulkOperation.id;
}

/**
 * Polls the operation until it completes, reporting its growing object count; throws when it fails, is
 * canceled or expires.
 */
export async function waitForBulkOperation(
  admin: AdminClient,
  id: string,
  options: { intervalMs?: number; onProgress?: (operation: BulkOperation) => Promise<void> | void } = {},
): Promise<BulkOperation> {
  const intervalMs = options.intervalMs ?? 1000;
  for (;;) {
    const { node } = await admin.request(bulkOperationStatus, { id }, BulkOperationStatusResult);
    if (!node) throw new BulkOperationFailedError(`bulk operation ${id} is unknown to the store`);
    await options.onProgress?.(node);
    if (node.status === "COMPLETED") return node;
    if (node.status === "FAILED" || node.status === "CANCELED" || node.status === "EXPIRED") {
      throw new BulkOperationFailedError(
        `bulk operation ${id} ${node.status.toLowerCase()}${node.errorCode ? ` (${node.errorCode})` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
