/**
 * Orders changed since the mark, with their lines and refunds, applied by the webhook rule (newer updated_at
 * wins, deleted orders stay deleted): an order no orders/create brought, or an orders/updated that was lost.
 */
import {
  reconcileOrderLines,
  ReconcileOrderLinesPage,
  reconcileOrders as reconcileOrdersQuery,
  ReconcileOrdersPage,
} from "../../shopify/queries/reconcile";
import { applyRecord } from "../handlers/apply.server";
import { readRecords, updatedSince, type Counts, type ReconcileContext } from "./context.server";

export async function reconcileOrders(context: ReconcileContext, counts: Counts): Promise<void> {
  const { db, admin, shopId } = context;
  let after: string | null = null;
  do {
    const page: ReturnType<typeof ReconcileOrdersPage.parse> = await admin.request(
      reconcileOrdersQuery,
      { query: updatedSince(context.since), after },
      ReconcileOrdersPage,
    );
    for (const node of page.orders.nodes) {
      counts.checked++;
      const { lineItems, ...order } = node;
      const lines = [...lineItems.nodes, ...(await remainingLines(context, node.id, lineItems.pageInfo))];
      const records = await readRecords(context, counts, order, lines);
      const head = records?.[0];
      if (!records || head?.kind !== "order") continue;
      const outcome = await applyRecord(db, shopId, "orders", head.record.id, head.record.updatedAt, records);
      if (outcome === "written") counts.repaired++;
    }
    after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
  } while (after);
}

/** The lines of an order beyond its first page. */
async function remainingLines(
  context: ReconcileContext,
  orderId: string,
  pageInfo: { hasNextPage: boolean; endCursor: string | null },
): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  let after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
  while (after) {
    const page: ReturnType<typeof ReconcileOrderLinesPage.parse> = await context.admin.request(
      reconcileOrderLines,
      { id: orderId, after },
      ReconcileOrderLinesPage,
    );
    if (!page.order) break; // deleted between the two requests: its orders/delete says the rest
    lines.push(...page.order.lineItems.nodes);
    after = page.order.lineItems.pageInfo.hasNextPage ? page.order.lineItems.pageInfo.endCursor : null;
  }
  return lines;
}
