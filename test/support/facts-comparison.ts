// The daily sales facts a shop's writes kept, against a rebuild from its raw rows (app/facts/sales-facts.server.ts):
// equal when every webhook, refresh and kill along the way left them as a recomputation from scratch would.
import type { Db } from "../../app/db.server";
import { rebuildSalesFacts } from "../../app/facts/sales-facts.server";

const TABLES = ["daily_sales", "daily_variant_sales", "daily_customer_sales"] as const;

async function snapshot(db: Db, shopId: number): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT (to_jsonb(t) - 'shop_id')::text AS row FROM ${table} t WHERE shop_id = $1 ORDER BY 1`,
      shopId,
    );
    tables[table] = rows.map((r) => r.row);
  }
  return tables;
}

/** Rebuilds the shop's facts and lists the rows that differ from the kept ones (none when equal). */
export async function compareFactsWithRebuild(
  db: Db,
  shopId: number,
): Promise<{ rows: number; differences: string[] }> {
  const kept = await snapshot(db, shopId);
  await rebuildSalesFacts(db, shopId);
  const rebuilt = await snapshot(db, shopId);
  const differences: string[] = [];
  for (const table of TABLES) {
    const before = new Set(kept[table]);
    const after = new Set(rebuilt[table]);
    for (const row of before) if (!after.has(row)) differences.push(`${table}: kept ${row}`);
    for (const row of after) if (!before.has(row)) differences.push(`${table}: rebuilt ${row}`);
  }
  return { rows: TABLES.reduce((n, table) => n + kept[table].length, 0), differences };
}
