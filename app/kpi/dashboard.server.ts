/**
 * The Dashboard's figures for a period and the period before it, from the store tables, in the shop's own
 * days. Revenue is the total of orders placed, neither cancelled nor test orders, per currency, as
 * `keel status` counts it.
 */
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db.server";
import { daysOf, previousPeriod, type Period } from "./model/periods";

export interface PeriodFigures {
  period: Period;
  orders: number;
  unitsSold: number;
  newCustomers: number;
  returningCustomers: number;
  /** Per currency: revenue and average order value as decimal strings. */
  revenue: { currency: string; orders: number; revenue: string; averageOrderValue: string }[];
  /** Per day and currency, every day of the period present (zero when nothing sold). */
  revenueByDay: { day: string; currency: string; revenue: number }[];
}

export interface Dashboard {
  timeZone: string;
  current: PeriodFigures;
  previous: PeriodFigures;
}

export async function dashboard(db: Db, shopId: number, period: Period): Promise<Dashboard> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } });
  const [current, previous] = await Promise.all([
    figures(db, shopId, shop.timeZone, period),
    figures(db, shopId, shop.timeZone, previousPeriod(period)),
  ]);
  return { timeZone: shop.timeZone, current, previous };
}

async function figures(db: Db, shopId: number, timeZone: string, period: Period): Promise<PeriodFigures> {
  // Orders of the period: processed between the shop-local midnights that bound it.
  const inPeriod = Prisma.sql`o.shop_id = ${shopId} AND o.cancelled_at IS NULL AND NOT o.test AND o.deleted_at IS NULL
    AND o.processed_at >= (${period.from}::date)::timestamp AT TIME ZONE ${timeZone}
    AND o.processed_at < ((${period.to}::date) + 1)::timestamp AT TIME ZONE ${timeZone}`;

  const [totals, units, customers, byDay] = await Promise.all([
    db.$queryRaw<{ currency: string; orders: bigint; revenue: Prisma.Decimal }[]>`
      SELECT o.currency, count(*) AS orders, sum(o.total) AS revenue FROM orders o WHERE ${inPeriod}
      GROUP BY o.currency ORDER BY o.currency`,
    db.$queryRaw<{ units: bigint | null }[]>`
      SELECT sum(l.quantity) AS units FROM order_lines l JOIN orders o ON o.shop_id = l.shop_id AND o.id = l.order_id
      WHERE ${inPeriod}`,
    // New: the customer's first order ever falls in the period. Returning: ordered in it, first ordered before.
    db.$queryRaw<{ new_customers: bigint; returning_customers: bigint }[]>`
      WITH buyers AS (SELECT DISTINCT o.customer_id FROM orders o WHERE ${inPeriod} AND o.customer_id IS NOT NULL),
      firsts AS (
        SELECT f.customer_id, min(f.processed_at) AS first_at FROM orders f JOIN buyers b USING (customer_id)
        WHERE f.shop_id = ${shopId} AND f.cancelled_at IS NULL AND NOT f.test AND f.deleted_at IS NULL
        GROUP BY f.customer_id)
      SELECT
        count(*) FILTER (WHERE first_at >= (${period.from}::date)::timestamp AT TIME ZONE ${timeZone}) AS new_customers,
        count(*) FILTER (WHERE first_at < (${period.from}::date)::timestamp AT TIME ZONE ${timeZone}) AS returning_customers
      FROM firsts`,
    db.$queryRaw<{ day: string; currency: string; revenue: Prisma.Decimal }[]>`
      SELECT to_char(o.processed_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, o.currency, sum(o.total) AS revenue
      FROM orders o WHERE ${inPeriod} GROUP BY 1, 2 ORDER BY 1, 2`,
  ]);

  const revenue = totals.map((row) => ({
    currency: row.currency,
    orders: Number(row.orders),
    revenue: new Prisma.Decimal(row.revenue).toFixed(2),
    averageOrderValue: new Prisma.Decimal(row.revenue).div(Number(row.orders)).toFixed(2),
  }));
  const sold = new Map(byDay.map((row) => [`${row.day} ${row.currency}`, Number(row.revenue)]));
  const currencies = revenue.map((r) => r.currency);
  return {
    period,
    orders: revenue.reduce((sum, r) => sum + r.orders, 0),
    unitsSold: Number(units[0]?.units ?? 0),
    newCustomers: Number(customers[0]?.new_customers ?? 0),
    returningCustomers: Number(customers[0]?.returning_customers ?? 0),
    revenue,
    revenueByDay: daysOf(period).flatMap((day) =>
      currencies.map((currency) => ({ day, currency, revenue: sold.get(`${day} ${currency}`) ?? 0 })),
    ),
  };
}
