/**
 * Products changed since the mark, with all their variants and the variants' inventory items (unit cost,
 * tracking), applied by the webhook rule (newer updated_at wins, deleted products stay deleted): a product
 * no products/create brought, or a products/update that was lost. Then the products deleted since the mark,
 * from Shopify's deletion events: a products/delete that was lost.
 */
import {
  ProductDeletion,
  reconcileProductDeletions as reconcileProductDeletionsQuery,
  ReconcileProductDeletionsPage,
} from "../../shopify/queries/deletions";
import {
  reconcileProducts as reconcileProductsQuery,
  ReconcileProductsPage,
  reconcileProductVariants,
  ReconcileProductVariantsPage,
} from "../../shopify/queries/reconcile";
import { applyRecord, deleteRecord } from "../handlers/apply.server";
import {
  occurredSince,
  readRecords,
  skip,
  updatedSince,
  type Counts,
  type ReconcileContext,
} from "./context.server";

export async function reconcileProducts(context: ReconcileContext, counts: Counts): Promise<void> {
  await reconcileChangedProducts(context, counts);
  await reconcileDeletedProducts(context, counts);
}

async function reconcileChangedProducts(context: ReconcileContext, counts: Counts): Promise<void> {
  const { db, admin, shopId } = context;
  let after: string | null = null;
  do {
    const page: ReturnType<typeof ReconcileProductsPage.parse> = await admin.request(
      reconcileProductsQuery,
      { query: updatedSince(context.since), after },
      ReconcileProductsPage,
    );
    for (const node of page.products.nodes) {
      counts.checked++;
      const { variants, ...product } = node;
      const all = [...variants.nodes, ...(await remainingVariants(context, node.id, variants.pageInfo))];
      const records = await readRecords(context, counts, product, all);
      const head = records?.[0];
      if (!records || head?.kind !== "product") continue;
      const outcome = await applyRecord(
        db,
        shopId,
        "products",
        head.record.id,
        head.record.updatedAt,
        records,
      );
      if (outcome === "written") counts.repaired++;
    }
    after = page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null;
  } while (after);
}

/** The variants of a product beyond its first page. */
async function remainingVariants(
  context: ReconcileContext,
  productId: string,
  pageInfo: { hasNextPage: boolean; endCursor: string | null },
): Promise<Record<string, unknown>[]> {
  const variants: Record<string, unknown>[] = [];
  let after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
  while (after) {
    const page: ReturnType<typeof ReconcileProductVariantsPage.parse> = await context.admin.request(
      reconcileProductVariants,
      { id: productId, after },
      ReconcileProductVariantsPage,
    );
    if (!page.product) break; // deleted between the two requests: its products/delete says the rest
    variants.push(...page.product.variants.nodes);
    after = page.product.variants.pageInfo.hasNextPage ? page.product.variants.pageInfo.endCursor : null;
  }
  return variants;
}

/**
 * Products Shopify deleted since the mark. One Keel holds live is marked deleted, with its variants, by the
 * webhook rule: a repair. One Keel never had is remembered all the same, so that a products/create delivered
 * late cannot bring it back; one Keel has as deleted already is left as its products/delete left it.
 */
async function reconcileDeletedProducts(context: ReconcileContext, counts: Counts): Promise<void> {
  const { db, admin, shopId } = context;
  let after: string | null = null;
  do {
    const page: ReturnType<typeof ReconcileProductDeletionsPage.parse> = await admin.request(
      reconcileProductDeletionsQuery,
      { query: occurredSince(context.since), after },
      ReconcileProductDeletionsPage,
    );
    const deletions: { subjectId: bigint; occurredAt: Date }[] = [];
    for (const node of page.deletionEvents.nodes) {
      counts.checked++;
      const parsed = ProductDeletion.safeParse(node);
      if (parsed.success) deletions.push(parsed.data);
      else await skip(context, counts, describeIssue(parsed.error.issues[0]), node);
    }
    const { live, remembered } = await knownProducts(
      context,
      deletions.map((d) => d.subjectId),
    );
    for (const { subjectId: id, occurredAt } of deletions) {
      const repair = live.has(id);
      if (!repair && remembered.has(id)) continue;
      await deleteRecord(db, shopId, "products", id, occurredAt);
      if (repair) counts.repaired++;
      // Nothing promises one event per product: a repeat on this page finds it deleted, as a later page would.
      live.delete(id);
      remembered.add(id);
    }
    after = page.deletionEvents.pageInfo.hasNextPage ? page.deletionEvents.pageInfo.endCursor : null;
  } while (after);
}

/** Of `ids`, the products Keel holds and has not marked deleted, and those whose deletion it remembers. */
async function knownProducts(
  { db, shopId }: ReconcileContext,
  ids: bigint[],
): Promise<{ live: Set<bigint>; remembered: Set<bigint> }> {
  const [live, remembered] = await Promise.all([
    db.product.findMany({ where: { shopId, id: { in: ids }, deletedAt: null }, select: { id: true } }),
    db.deletedRecord.findMany({
      where: { shopId, resource: "products", id: { in: ids } },
      select: { id: true },
    }),
  ]);
  return { live: new Set(live.map((p) => p.id)), remembered: new Set(remembered.map((r) => r.id)) };
}

const describeIssue = (issue: { path: PropertyKey[]; message: string }) =>
  `${issue.path.map(String).join(".") || "event"}: ${issue.message}`;
