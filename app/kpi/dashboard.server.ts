/**
 * The Dashboard's figures for a period and the period before it, in the shop's own days, read from the daily
 * facts (app/facts/sales-facts.server.ts). Revenue is the total of orders placed, neither cancelled, test nor
 * deleted orders, per currency, as `keel status` counts it.
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
    figures(db, shopId, period),
    figures(db, shopId, previousPeriod(period)),
  ]);
  return { timeZone: shop.timeZone, current, previous };
}

async function figures(db: Db, shopId: number, period: Period): Promise<PeriodFigures> {
  const inPeriod = Prisma.sql`shop_id = ${shopId} AND day BETWEEN ${period.from}::date AND ${period.to}::date`;
  const [totals, byDay, customers] = await Promise.all([
    db.$queryRaw<{ currency: string; orders: bigint; revenue: Prisma.Decimal; units: bigint }[]>`
      SELECT currency, sum(orders) AS orders, sum(revenue) AS revenue, sum(units) AS units FROM daily_sales
      WHERE ${inPeriod} GROUP BY currency HAVING sum(orders) > 0 ORDER BY currency`,
    db.$queryRaw<{ day: string; currency: string; revenue: Prisma.Decimal }[]>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, currency, sum(revenue) AS revenue FROM daily_sales
      WHERE ${inPeriod} GROUP BY 1, 2 ORDER BY 1, 2`,
    // Distinct over the period, so from the per-customer facts. New: the customer's first order ever falls in
    // the period; returning: ordered in it, first ordered before.
    db.$queryRaw<{ new_customers: bigint; returning_customers: bigint }[]>`
      WITH buyers AS (SELECT DISTINCT customer_id FROM daily_customer_sales WHERE ${inPeriod}),
      firsts AS (
        SELECT (SELECT min(f.day) FROM daily_customer_sales f
                WHERE f.shop_id = ${shopId} AND f.customer_id = b.customer_id) AS first_day
        FROM buyers b)
      SELECT count(*) FILTER (WHERE first_day >= ${period.from}::date) AS new_customers,
        count(*) FILTER (WHERE first_day < ${period.from}::date) AS returning_customers
      FROM firsts`,
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
    unitsSold: totals.reduce((sum, row) => sum + Number(row.units), 0),
    newCustomers: Number(customers[0]?.new_customers ?? 0),
    returningCustomers: Number(customers[0]?.returning_customers ?? 0),
    revenue,
    revenueByDay: daysOf(period).flatMap((day) =>
      currencies.map((currency) => ({ day, currency, revenue: sold.get(`${day} ${currency}`) ?? 0 })),
    ),
  };
}
