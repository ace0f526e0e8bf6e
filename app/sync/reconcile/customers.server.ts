/**
 * Customers changed since the mark, applied by the webhook rule (newer updated_at wins, deleted customers stay
 * deleted, redacted ones stay redacted): a customer no customers/create brought, or a customers/update that
 * was lost.
 *
 * The Admin API's `customers(query: "updated_at:…")` matches "a whole day" (its schema says so), so asking
 * for changes after an instant could leave out the rest of that instant's day. The window starts at the
 * beginning of the UTC day a day before the mark: whatever day Shopify counts in (the shop's time zone, up
 * to 14 hours either side of UTC), the mark's whole day is in it. Customers changed earlier that day are
 * checked again and repair nothing.
 */
import {
  reconcileCustomers as reconcileCustomersQuery,
  ReconcileCustomersPage,
} from "../../shopify/queries/reconcile";
import { parseGid } from "../backfill/records";
import { applyRecord } from "../handlers/apply.server";
import { readRecords, type Counts, type ReconcileContext } from "./context.server";

/** The customers search filter for changes since `since`, by whole days. */
export function customersSince(since: Date): string {
  const day = new Date(since.getTime() - 86_400_000).toISOString().slice(0, 10);
  return `updated_at:>='${day}'`;
}

export async function reconcileCustomers(context: ReconcileContext, counts: Counts): Promise<void> {
  const { db, admin, shopId } = context;
  let after: string | null = null;
  do {
    const page: ReturnType<typeof ReconcileCustomersPage.parse> = await admin.request(
      reconcileCustomersQuery,
      { query: customersSince(context.since), after },
      ReconcileCustomersPage,
    );
    // A redacted customer's personal data is gone for good: Shopify's copy is not written back.
    const ids = page.customers.nodes.flatMap((node) => parseGid(node.id)?.id ?? []);
    const redacted = new Set(
      (
        await db.customer.findMany({
          where: { shopId, id: { in: ids }, redactedAt: { not: null } },
          select: { id: true },
        })
      ).map((c) => c.id),
    );
    for (const node of page.customers.nodes) {
      counts.checked++;
      const records = await readRecords(context, counts, node);
      const head = records?.[0];
      if (!records || head?.kind !== "customer" || redacted.has(head.record.id)) continue;
      const outcome = await applyRecord(
        db,
        shopId,
        "customers",
        head.record.id,
        head.record.updatedAt,
        records,
      );
      if (outcome === "written") counts.repaired++;
    }
    after = page.customers.pageInfo.hasNextPage ? page.customers.pageInfo.endCursor : null;
  } while (after);
}
