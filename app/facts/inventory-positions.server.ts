/**
 * End-of-day inventory positions over a range of shop-local days, read from inventory_daily (written by a
 * trigger on inventory_levels, prisma/migrations/…_daily_facts). A day without a row of its own has the
 * position of the last day before it that has one: nothing changed that day. Days before the first known
 * position are left out rather than guessed.
 */
import type { Db } from "../db.server";

export interface InventoryPosition {
  inventoryItemId: bigint;
  locationId: bigint;
  variantId: bigint | null;
  day: string;
  available: number;
  outOfStock: boolean;
}

export interface StockoutSummary {
  inventoryItemId: bigint;
  locationId: bigint;
  variantId: bigint | null;
  /** Days of the range with a known position. */
  daysKnown: number;
  daysOutOfStock: number;
}

const POSITIONS = `
  WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') AS d),
  items AS (SELECT DISTINCT inventory_item_id, location_id FROM inventory_daily
            WHERE shop_id = $1 AND day <= $3::date)
  SELECT i.inventory_item_id, i.location_id, last.variant_id, to_char(d.day, 'YYYY-MM-DD') AS day,
    last.available, last.out_of_stock
  FROM items i CROSS JOIN days d
  JOIN LATERAL (
    SELECT p.variant_id, p.available, p.out_of_stock FROM inventory_daily p
    WHERE p.shop_id = $1 AND p.inventory_item_id = i.inventory_item_id AND p.location_id = i.location_id
      AND p.day <= d.day
    ORDER BY p.day DESC LIMIT 1) AS last ON true`;

type Row = {
  inventory_item_id: bigint;
  location_id: bigint;
  variant_id: bigint | null;
  day: string;
  available: number;
  out_of_stock: boolean;
};

/** Every item and location's position on each day from `from` to `to` (YYYY-MM-DD, inclusive). */
export async function inventoryPositions(
  db: Db,
  shopId: number,
  from: string,
  to: string,
): Promise<InventoryPosition[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(
    `${POSITIONS} ORDER BY i.inventory_item_id, i.location_id, d.day`,
    shopId,
    from,
    to,
  );
  return rows.map((row) => ({
    inventoryItemId: row.inventory_item_id,
    locationId: row.location_id,
    variantId: row.variant_id,
    day: row.day,
    available: row.available,
    outOfStock: row.out_of_stock,
  }));
}

/** Per item and location, how many days of the range it was out of stock at the end of the day. */
export async function stockoutDays(
  db: Db,
  shopId: number,
  from: string,
  to: string,
): Promise<StockoutSummary[]> {
  const rows = await db.$queryRawUnsafe<
    {
      inventory_item_id: bigint;
      location_id: bigint;
      variant_id: bigint | null;
      known: bigint;
      out: bigint;
    }[]
  >(
    `SELECT inventory_item_id, location_id, max(variant_id) AS variant_id, count(*) AS known,
       count(*) FILTER (WHERE out_of_stock) AS out
     FROM (${POSITIONS}) AS positions
     GROUP BY inventory_item_id, location_id ORDER BY inventory_item_id, location_id`,
    shopId,
    from,
    to,
  );
  return rows.map((row) => ({
    inventoryItemId: row.inventory_item_id,
    locationId: row.location_id,
    variantId: row.variant_id,
    daysKnown: Number(row.known),
    daysOutOfStock: Number(row.out),
  }));
}
