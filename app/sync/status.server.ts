/**
 * What Keel holds for a shop: install and sync state and the totals of its copy of the store. Shown by
 * `keel status` and the Overview page.
 */
import type { Db } from "../db.server";

export interface ShopStatus {
  domain: string;
  name: string | null;
  currency: string | null;
  timeZone: string;
  installedAt: Date;
  uninstalledAt: Date | null;
  syncState: string;
  syncStartedAt: Date | null;
  syncCompletedAt: Date | null;
  syncError: string | null;
  lastReconciledAt: Date | null;
  totals: {
    products: number;
    variants: number;
    locations: number;
    customers: number;
    orders: number;
    orderLines: number;
    refunds: number;
  };
  /** Revenue of orders that were not cancelled, test or deleted, in each currency sold in (decimal strings). */
  revenue: { currency: string; orders: number; total: string }[];
}

/** The status of one shop by domain, or of every shop Keel knows. */
export async function shopStatuses(db: Db, filter: { domain?: string } = {}): Promise<ShopStatus[]> {
  const shops = await db.shop.findMany({
    where: filter.domain ? { domain: filter.domain } : {},
    orderBy: { domain: "asc" },
  });
  return Promise.all(
    shops.map(async (shop) => {
      const live = { shopId: shop.id, deletedAt: null };
      const [products, variants, locations, customers, orders, orderLines, refunds, revenue] =
        await Promise.all([
          db.product.count({ where: live }),
          db.variant.count({ where: live }),
          db.location.count({ where: live }),
          db.customer.count({ where: live }),
          db.order.count({ where: live }),
          db.orderLine.count({ where: { shopId: shop.id } }),
          db.refund.count({ where: { shopId: shop.id } }),
          db.order.groupBy({
            by: ["currency"],
            where: { ...live, cancelledAt: null, test: false },
            _sum: { total: true },
            _count: { _all: true },
            orderBy: { currency: "asc" },
          }),
        ]);
      return {
        domain: shop.domain,
        name: shop.name,
        currency: shop.currency,
        timeZone: shop.timeZone,
        installedAt: shop.installedAt,
        uninstalledAt: shop.uninstalledAt,
        syncState: shop.syncState,
        syncStartedAt: shop.syncStartedAt,
        syncCompletedAt: shop.syncCompletedAt,
        syncError: shop.syncError,
        lastReconciledAt: shop.lastReconciledAt,
        totals: { products, variants, locations, customers, orders, orderLines, refunds },
        revenue: revenue.map((row) => ({
          currency: row.currency,
          orders: row._count._all,
          total: (row._sum.total ?? 0).toString(),
        })),
      };
    }),
  );
}
