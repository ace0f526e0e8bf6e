/**
 * The daily sales facts (daily_sales, daily_variant_sales, daily_customer_sales; prisma/schema.prisma says what
 * each column means). A write that can change a day's figures names the days it touched, and those days are
 * recomputed from the raw rows (docs/decisions/0005-daily-facts.md), shortly after by the refresh-facts job
 * (stale-days.server.ts): the facts are then always what a rebuild from scratch would give, whatever order the
 * deliveries came in.
 */
import type { Db } from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { lockKeys } from "../db/advisory-locks.server";

type Tx = Prisma.TransactionClient;

/** Orders that count: not cancelled, not test orders, not deleted (the Dashboard's and `keel status`'s rule). */
const counts = (o: string) => `${o}.cancelled_at IS NULL AND NOT ${o}.test AND ${o}.deleted_at IS NULL`;

/** The shop-local day of a timestamp column, with $2 the shop's time zone. */
const localDay = (column: string) => `(${column} AT TIME ZONE $2)::date`;

/**
 * `days(day, starts, ends)`: the days to recompute with their shop-local midnights, so that each day's orders and
 * refunds are read through the (shop_id, processed_at) and (shop_id, shopify_created_at) indexes.
 */
const daysCte = `days AS (
  SELECT d AS day, d::timestamp AT TIME ZONE $2 AS starts, (d + 1)::timestamp AT TIME ZONE $2 AS ends
  FROM unnest($3::date[]) AS d)`;

const placedOn = `days d JOIN orders o ON o.shop_id = $1 AND o.processed_at >= d.starts AND o.processed_at < d.ends
  AND ${counts("o")}`;

const refundedOn = `days d JOIN refunds r ON r.shop_id = $1 AND r.shopify_created_at >= d.starts
    AND r.shopify_created_at < d.ends
  JOIN orders o ON o.shop_id = r.shop_id AND o.id = r.order_id AND ${counts("o")}
  JOIN refund_lines rl ON rl.shop_id = r.shop_id AND rl.refund_id = r.id`;

const VARIANT_SALES = `WITH ${daysCte}
INSERT INTO daily_variant_sales (shop_id, day, variant_id, currency, orders, units, gross_sales, discounts,
  units_refunded, refunds)
SELECT $1, day, variant_id, currency, sum(orders), sum(units), sum(gross_sales), sum(discounts),
  sum(units_refunded), sum(refunds)
FROM (
  SELECT d.day, coalesce(l.variant_id, 0) AS variant_id, o.currency, count(DISTINCT o.id) AS orders,
    sum(l.quantity) AS units, sum(l.price * l.quantity) AS gross_sales, sum(l.total_discount) AS discounts,
    0 AS units_refunded, 0 AS refunds
  FROM ${placedOn} JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.id
  GROUP BY 1, 2, 3
  UNION ALL
  -- A refund line whose order line Keel does not have yet counts without a variant until the line arrives
  -- (the order's write then recomputes the refund's day).
  SELECT d.day, coalesce(l.variant_id, 0), o.currency, 0, 0, 0, 0, sum(rl.quantity), sum(rl.subtotal)
  FROM ${refundedOn} LEFT JOIN order_lines l ON l.shop_id = rl.shop_id AND l.id = rl.order_line_id
  GROUP BY 1, 2, 3
) AS facts
GROUP BY day, variant_id, currency`;

/**
 * The days' counted orders with their lines' totals and the day of their customer's first order (`placed`),
 * looked up per order through the indexes: the plan for a refresh of a few days.
 */
const PLACED_BY_LOOKUPS = `placed AS (
  SELECT d.day, coalesce(o.source_name, 'unknown') AS channel, o.currency, o.customer_id, o.total,
    o.total_discounts, coalesce(lines.units, 0) AS units, coalesce(lines.gross_sales, 0) AS gross_sales,
    ${localDay("first_order.at")} AS first_day
  FROM ${placedOn}
  LEFT JOIN LATERAL (
    SELECT sum(l.quantity) AS units, sum(l.price * l.quantity) AS gross_sales FROM order_lines l
    WHERE l.shop_id = o.shop_id AND l.order_id = o.id) AS lines ON true
  LEFT JOIN LATERAL (
    SELECT min(f.processed_at) AS at FROM orders f
    WHERE f.shop_id = o.shop_id AND f.customer_id = o.customer_id AND ${counts("f")}) AS first_order
    ON o.customer_id IS NOT NULL)`;

/**
 * The same rows with the lines and first orders aggregated once and joined: the plan for a rebuild, where a
 * lookup per order (200,000 of them for a million lines) costs more than one pass over the rows. A refresh
 * must not use it: for two days of a 540,000-line shop the planner then read every order line (66 ms against
 * 18 ms). The facts tests compare what the two give (a rebuild against the refreshes).
 */
const PLACED_BY_JOINS = `placed_orders AS (SELECT d.day, o.* FROM ${placedOn}),
line_totals AS (
  SELECT l.order_id, sum(l.quantity) AS units, sum(l.price * l.quantity) AS gross_sales FROM order_lines l
  WHERE l.shop_id = $1 AND l.order_id IN (SELECT id FROM placed_orders)
  GROUP BY l.order_id),
first_orders AS (
  SELECT f.customer_id, min(f.processed_at) AS at FROM orders f
  WHERE f.shop_id = $1 AND f.customer_id IN (SELECT customer_id FROM placed_orders) AND ${counts("f")}
  GROUP BY f.customer_id),
placed AS (
  SELECT p.day, coalesce(p.source_name, 'unknown') AS channel, p.currency, p.customer_id, p.total,
    p.total_discounts, coalesce(t.units, 0) AS units, coalesce(t.gross_sales, 0) AS gross_sales,
    ${localDay("fo.at")} AS first_day
  FROM placed_orders p
  LEFT JOIN line_totals t ON t.order_id = p.id
  LEFT JOIN first_orders fo ON fo.customer_id = p.customer_id)`;

const sales = (placed: string) => `WITH ${daysCte},
${placed}
INSERT INTO daily_sales (shop_id, day, channel, currency, orders, units, gross_sales, discounts, revenue,
  units_refunded, refunds, customers, new_customers, returning_customers, guest_orders)
SELECT $1, day, channel, currency, sum(orders), sum(units), sum(gross_sales), sum(discounts), sum(revenue),
  sum(units_refunded), sum(refunds), sum(customers), sum(new_customers), sum(returning_customers),
  sum(guest_orders)
FROM (
  SELECT day, channel, currency, count(*) AS orders, sum(units) AS units, sum(gross_sales) AS gross_sales,
    sum(total_discounts) AS discounts, sum(total) AS revenue, 0 AS units_refunded, 0 AS refunds,
    count(DISTINCT customer_id) AS customers,
    count(DISTINCT customer_id) FILTER (WHERE first_day = day) AS new_customers,
    count(DISTINCT customer_id) FILTER (WHERE first_day < day) AS returning_customers,
    count(*) FILTER (WHERE customer_id IS NULL) AS guest_orders
  FROM placed GROUP BY 1, 2, 3
  UNION ALL
  SELECT d.day, coalesce(o.source_name, 'unknown'), o.currency, 0, 0, 0, 0, 0, sum(rl.quantity),
    sum(rl.subtotal), 0, 0, 0, 0
  FROM ${refundedOn}
  GROUP BY 1, 2, 3
) AS facts
GROUP BY day, channel, currency`;
const SALES_BY_LOOKUPS = sales(PLACED_BY_LOOKUPS);
const SALES_BY_JOINS = sales(PLACED_BY_JOINS);

const CUSTOMER_SALES = `WITH ${daysCte}
INSERT INTO daily_customer_sales (shop_id, customer_id, day, currency, orders, revenue)
SELECT $1, o.customer_id, d.day, o.currency, count(*), sum(o.total)
FROM ${placedOn} WHERE o.customer_id IS NOT NULL
GROUP BY o.customer_id, d.day, o.currency`;

/**
 * Recomputes the facts of these shop-local days (YYYY-MM-DD) inside the caller's transaction; `manyDays` for a
 * rebuild's share of all of them (joins instead of lookups per order).
 */
export async function refreshSalesFacts(
  tx: Tx,
  shopId: number,
  days: Iterable<string>,
  { manyDays = false } = {},
): Promise<void> {
  const list = [...new Set(days)];
  if (list.length === 0) return;
  // Two transactions recomputing one day would each miss the other's rows; one at a time, each sees the other's
  // commit (read committed takes a new snapshot per statement).
  await lockKeys(
    tx,
    list.map((day) => `keel:facts-day:${shopId}:${day}`),
  );
  // Without JIT: the planner's costs for these statements pass its threshold even for one day, and compiling
  // them took longer than running them (0.2 to 0.7 s each in a rebuild of a million order lines).
  const [{ time_zone: timeZone }] = await tx.$queryRawUnsafe<{ time_zone: string }[]>(
    "SELECT time_zone, set_config('jit', 'off', true) FROM shops WHERE id = $1",
    shopId,
  );
  await tx.$executeRawUnsafe(
    `WITH sales AS (DELETE FROM daily_sales WHERE shop_id = $1 AND day = ANY($2::date[])),
     variants AS (DELETE FROM daily_variant_sales WHERE shop_id = $1 AND day = ANY($2::date[]))
     DELETE FROM daily_customer_sales WHERE shop_id = $1 AND day = ANY($2::date[])`,
    shopId,
    list,
  );
  for (const statement of [manyDays ? SALES_BY_JOINS : SALES_BY_LOOKUPS, VARIANT_SALES, CUSTOMER_SALES]) {
    await tx.$executeRawUnsafe(statement, shopId, timeZone, list);
  }
}

/**
 * Serialises writes that can move a customer's first order (the day they count as new), so that the days
 * computed before and after a write see every other committed order of that customer. Taken after the order's
 * row lock and before the day locks, always in that order.
 */
export async function lockCustomers(
  tx: Tx,
  shopId: number,
  customerIds: (bigint | null | undefined)[],
): Promise<void> {
  const ids = customerIds.filter((id): id is bigint => id != null);
  await lockKeys(
    tx,
    ids.map((id) => `keel:facts-customer:${shopId}:${id}`),
  );
}

/**
 * The days whose facts an order appears in: the day it was placed, its refunds' days, and the first order day of
 * each customer it has or may be given (new or returning is decided there: an order placed before a customer's
 * first one moves it). Read before and after a write, their union is what to refresh.
 */
export async function orderFactDays(
  tx: Tx,
  shopId: number,
  orderId: bigint,
  customerIds: (bigint | null | undefined)[],
): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ day: string }[]>(
    `WITH tz AS (SELECT time_zone FROM shops WHERE id = $1),
     target AS (SELECT processed_at FROM orders WHERE shop_id = $1 AND id = $2)
     SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM (
       SELECT (t.processed_at AT TIME ZONE tz.time_zone)::date AS day FROM target t, tz
       UNION ALL
       SELECT (r.shopify_created_at AT TIME ZONE tz.time_zone)::date FROM refunds r, tz
       WHERE r.shop_id = $1 AND r.order_id = $2
       UNION ALL
       SELECT (min(f.processed_at) AT TIME ZONE (SELECT time_zone FROM tz))::date FROM orders f
       WHERE f.shop_id = $1 AND f.customer_id = ANY($3::bigint[]) AND ${counts("f")}
       GROUP BY f.customer_id
     ) AS touched WHERE day IS NOT NULL`,
    shopId,
    orderId,
    customerIds.filter((id): id is bigint => id != null).map(String),
  );
  return rows.map((row) => row.day);
}

/** Locks the order's row (if Keel has it) and returns its stored customer. */
export async function lockOrder(tx: Tx, shopId: number, orderId: bigint): Promise<bigint | null> {
  const [row] = await tx.$queryRawUnsafe<{ customer_id: bigint | null }[]>(
    "SELECT customer_id FROM orders WHERE shop_id = $1 AND id = $2 FOR UPDATE",
    shopId,
    orderId,
  );
  return row?.customer_id ?? null;
}

/** Transactions a rebuild runs at once, each on its share of the days (the work is PostgreSQL's CPU). */
const REBUILD_LANES = 2;

/**
 * Every day of the shop's facts recomputed from the raw rows: after the backfill, and the reference the tests
 * compare the incrementally kept facts with. Days that have facts but no longer any order or refund are
 * cleared too. The days are split in two halves rebuilt at once, each in one transaction (each day replaced
 * whole, as a refresh does): 4.2 s for a million order lines in bench:backfill, where one transaction took
 * about 7 s and smaller shares (a month each) 9 to 16 s.
 */
export async function rebuildSalesFacts(db: Db, shopId: number): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ day: string }[]>(
    `WITH tz AS (SELECT time_zone FROM shops WHERE id = $1)
     SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM (
       SELECT DISTINCT (o.processed_at AT TIME ZONE tz.time_zone)::date AS day FROM orders o, tz WHERE o.shop_id = $1
       UNION ALL
       SELECT DISTINCT (r.shopify_created_at AT TIME ZONE tz.time_zone)::date FROM refunds r, tz WHERE r.shop_id = $1
       UNION ALL
       SELECT day FROM daily_sales WHERE shop_id = $1
       UNION ALL
       SELECT day FROM daily_variant_sales WHERE shop_id = $1
       UNION ALL
       SELECT day FROM daily_customer_sales WHERE shop_id = $1
     ) AS all_days ORDER BY 1`,
    shopId,
  );
  const days = rows.map((row) => row.day);
  const share = Math.ceil(days.length / REBUILD_LANES);
  await Promise.all(
    Array.from({ length: REBUILD_LANES }, (_, lane) => days.slice(lane * share, (lane + 1) * share))
      .filter((part) => part.length > 0)
      .map((part) =>
        db.$transaction((tx) => refreshSalesFacts(tx, shopId, part, { manyDays: true }), {
          timeout: 10 * 60_000,
        }),
      ),
  );
  return days.length;
}
