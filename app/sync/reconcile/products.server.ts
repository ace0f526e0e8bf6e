/**
 * Products changed since the mark, with all their variants and the variants' inventory items (unit cost,
 * tracking), applied by the webhook rule (newer updated_at wins, deleted products stay deleted): a product
 * no products/create brought, or a products/update that was lost.
 */
import {
  reconcileProducts as reconcileProductsQuery,
  ReconcileProductsPage,
  reconcileProductVariants,
  ReconcileProductVariantsPage,
} from "../../shopify/queries/reconcile";
import { applyRecord } from "../handlers/apply.server";
import { readRecords, updatedSince, type Counts, type ReconcileContext } from "./context.server";

export async function reconcileProducts(context: ReconcileContext, counts: Counts): Promise<void> {
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
