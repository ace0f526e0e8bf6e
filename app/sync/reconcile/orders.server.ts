/**
 * Orders changed since the mark, with their lines and refunds, applied by the webhook rule (newer updated_at
 * wins, deleted orders stay deleted): an order no orders/create brought, or an orders/updated that was lost.
 */
import {
  reconcileOrderLines,
  ReconcileOrderLinesPage,
  reconcileOrderRefunds,
  ReconcileOrderRefundsPage,
  reconcileOrders as reconcileOrdersQuery,
  ReconcileOrdersPage,
  reconcileRefundLines,
  ReconcileRefundLinesPage,
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
      order.refunds = await allRefunds(context, node.id, node.refunds);
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

type Refund = ReturnType<typeof ReconcileOrdersPage.parse>["orders"]["nodes"][number]["refunds"][number];

/** How many refunds the orders page asks for: an order with that many may have more. */
const REFUNDS_PER_ORDER = 3;

/**
 * All of an order's refunds with all their lines: the order read again for up to 25 refunds when the page
 * held as many as it asks for, and each refund's lines past its first page. (Shopify's list of refunds has no
 * pages; an order refunded more than 25 times keeps its first 25 here, the rest coming by webhook.)
 */
async function allRefunds(context: ReconcileContext, orderId: string, refunds: Refund[]): Promise<Refund[]> {
  let complete = refunds;
  if (refunds.length >= REFUNDS_PER_ORDER) {
    const page: ReturnType<typeof ReconcileOrderRefundsPage.parse> = await context.admin.request(
      reconcileOrderRefunds,
      { id: orderId },
      ReconcileOrderRefundsPage,
    );
    complete = page.order?.refunds ?? refunds;
  }
  const withLines: Refund[] = [];
  for (const refund of complete) {
    let { edges, pageInfo } = refund.refundLineItems;
    while (pageInfo.hasNextPage && pageInfo.endCursor) {
      const page: ReturnType<typeof ReconcileRefundLinesPage.parse> = await context.admin.request(
        reconcileRefundLines,
        { id: refund.id, after: pageInfo.endCursor },
        ReconcileRefundLinesPage,
      );
      if (!page.node) break;
      edges = [...edges, ...page.node.refundLineItems.edges];
      pageInfo = page.node.refundLineItems.pageInfo;
    }
    withLines.push({ ...refund, refundLineItems: { edges, pageInfo } });
  }
  return withLines;
}
