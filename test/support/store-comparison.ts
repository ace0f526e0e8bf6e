/**
 * Keel's copy of a shop against the sandbox store, exactly: totals (orders, lines, revenue per currency,
 * refunds, stock) and record by record (each order's version, each stock level, each product's and customer's
 * edited fields). Used by the ingest benchmark and the faults test.
 */
import pg from "pg";
import type { SandboxStore } from "../../sandbox/store/types";

export interface Figure {
  name: string;
  sandbox: string;
  keel: string;
}

export interface Comparison {
  figures: Figure[];
  /** Records that differ, by kind: a count and a few examples. */
  records: { kind: string; differing: number; examples: string[] }[];
  equal: boolean;
}

const cents = (amount: string | number) => Math.round(Number(amount) * 100);
const money = (minor: number) => (minor / 100).toFixed(2);
const num = (gid: string) => /(\d+)(?:\?.*)?$/.exec(gid)![1];

function sandboxFigures(store: SandboxStore): Map<string, string> {
  const figures = new Map<string, string>();
  const revenue = new Map<string, number>();
  let lines = 0;
  let refundLines = 0;
  let refundUnits = 0;
  let refunded = 0;
  let refundTax = 0;
  let cancelled = 0;
  for (const order of store.orders) {
    lines += order.lineItems.length;
    if (order.cancelledAt) cancelled++;
    const currency = order.currencyCode;
    revenue.set(currency, (revenue.get(currency) ?? 0) + cents(order.totalPriceSet.shopMoney.amount));
    for (const refund of order.refunds) {
      for (const line of refund.refundLineItems) {
        refundLines++;
        refundUnits += line.quantity;
        refunded += cents(line.subtotalSet.shopMoney.amount);
        refundTax += cents(line.totalTaxSet.shopMoney.amount);
      }
    }
  }
  let available = 0;
  let levels = 0;
  for (const product of store.products)
    for (const variant of product.variants)
      for (const level of variant.inventoryItem.inventoryLevels) {
        levels++;
        available += level.quantities.find((q) => q.name === "available")?.quantity ?? 0;
      }
  figures.set("orders", String(store.orders.length));
  figures.set("cancelled orders", String(cancelled));
  figures.set("order lines", String(lines));
  for (const [currency, minor] of [...revenue].sort()) figures.set(`revenue ${currency}`, money(minor));
  figures.set("refund lines", String(refundLines));
  figures.set("refunded units", String(refundUnits));
  figures.set("refunded amount", money(refunded));
  figures.set("refunded tax", money(refundTax));
  figures.set("inventory levels", String(levels));
  figures.set("units available", String(available));
  figures.set("customers", String(store.customers.length));
  return figures;
}

async function keelFigures(client: pg.Client, shopId: number): Promise<Map<string, string>> {
  const figures = new Map<string, string>();
  const one = async (sql: string) =>
    String(Object.values((await client.query(sql, [shopId])).rows[0])[0] ?? 0);
  const live = "o.shop_id = $1 AND o.deleted_at IS NULL";
  figures.set("orders", await one(`SELECT count(*) FROM orders o WHERE ${live}`));
  figures.set(
    "cancelled orders",
    await one(`SELECT count(*) FROM orders o WHERE ${live} AND cancelled_at IS NOT NULL`),
  );
  figures.set(
    "order lines",
    await one(
      `SELECT count(*) FROM order_lines l JOIN orders o ON o.shop_id = l.shop_id AND o.id = l.order_id WHERE ${live}`,
    ),
  );
  const revenue = await client.query<{ currency: string; total: string }>(
    `SELECT currency, sum(total)::text AS total FROM orders o WHERE ${live} GROUP BY currency ORDER BY currency`,
    [shopId],
  );
  for (const row of revenue.rows) figures.set(`revenue ${row.currency}`, money(cents(row.total)));
  const refunds = await client.query<Record<string, string>>(
    `SELECT count(*) AS lines, coalesce(sum(rl.quantity), 0) AS units, coalesce(sum(rl.subtotal), 0)::text AS amount,
       coalesce(sum(rl.total_tax), 0)::text AS tax
     FROM refund_lines rl
     JOIN refunds r ON r.shop_id = rl.shop_id AND r.id = rl.refund_id
     JOIN orders o ON o.shop_id = r.shop_id AND o.id = r.order_id
     WHERE ${live}`,
    [shopId],
  );
  figures.set("refund lines", refunds.rows[0].lines);
  figures.set("refunded units", refunds.rows[0].units);
  figures.set("refunded amount", money(cents(refunds.rows[0].amount)));
  figures.set("refunded tax", money(cents(refunds.rows[0].tax)));
  figures.set("inventory levels", await one("SELECT count(*) FROM inventory_levels WHERE shop_id = $1"));
  figures.set(
    "units available",
    await one("SELECT coalesce(sum(available), 0) FROM inventory_levels WHERE shop_id = $1"),
  );
  figures.set(
    "customers",
    await one("SELECT count(*) FROM customers WHERE shop_id = $1 AND deleted_at IS NULL"),
  );
  return figures;
}

/** Each record of a kind, as `id → fields` on both sides; the ids whose fields differ. */
function differing(kind: string, sandbox: Map<string, string>, keel: Map<string, string>) {
  const ids = new Set([...sandbox.keys(), ...keel.keys()]);
  const examples: string[] = [];
  let count = 0;
  for (const id of ids) {
    if (sandbox.get(id) === keel.get(id)) continue;
    count++;
    if (examples.length < 5)
      examples.push(`${id}: sandbox ${sandbox.get(id) ?? "(none)"}, keel ${keel.get(id) ?? "(none)"}`);
  }
  return { kind, differing: count, examples };
}

async function records(client: pg.Client, shopId: number, store: SandboxStore) {
  const rows = async (sql: string) => (await client.query<Record<string, string>>(sql, [shopId])).rows;
  const out = [];

  const orders = new Map(
    store.orders.map((o) => [
      num(o.id),
      `${new Date(o.updatedAt).toISOString()} ${money(cents(o.totalPriceSet.shopMoney.amount))} ${o.displayFinancialStatus.toLowerCase()} ${o.cancelledAt ? "cancelled" : "open"} ${o.refunds.length} refunds`,
    ]),
  );
  const keelOrders = await rows(
    `SELECT o.id::text AS id, to_char(o.shopify_updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated,
       o.total::numeric(18,2)::text AS total, o.financial_status, o.cancelled_at IS NOT NULL AS cancelled,
       (SELECT count(*) FROM refunds r WHERE r.shop_id = o.shop_id AND r.order_id = o.id) AS refunds
     FROM orders o WHERE o.shop_id = $1 AND o.deleted_at IS NULL`,
  );
  out.push(
    differing(
      "orders",
      orders,
      new Map(
        keelOrders.map((r) => [
          r.id,
          `${r.updated} ${r.total} ${r.financial_status} ${r.cancelled ? "cancelled" : "open"} ${r.refunds} refunds`,
        ]),
      ),
    ),
  );

  const levels = new Map<string, string>();
  for (const product of store.products)
    for (const variant of product.variants)
      for (const level of variant.inventoryItem.inventoryLevels)
        levels.set(
          `${num(variant.inventoryItem.id)}@${num(level.location.id)}`,
          String(level.quantities.find((q) => q.name === "available")?.quantity ?? 0),
        );
  const keelLevels = await rows(
    "SELECT inventory_item_id::text || '@' || location_id::text AS id, available::text FROM inventory_levels WHERE shop_id = $1",
  );
  out.push(differing("inventory levels", levels, new Map(keelLevels.map((r) => [r.id, r.available]))));

  const products = new Map(
    store.products.map((p) => [
      num(p.id),
      `${p.title} | ${p.status.toLowerCase()} | ${p.tags.join(",")} | ${p.variants
        .map((v) => money(cents(v.price)))
        .sort()
        .join(",")}`,
    ]),
  );
  const keelProducts = await rows(
    `SELECT p.id::text AS id, p.title || ' | ' || lower(p.status) || ' | ' || array_to_string(p.tags, ',') || ' | ' ||
       (SELECT string_agg(v.price::numeric(18,2)::text, ',' ORDER BY v.price::numeric(18,2)::text COLLATE "C") FROM variants v
        WHERE v.shop_id = p.shop_id AND v.product_id = p.id AND v.deleted_at IS NULL) AS fields
     FROM products p WHERE p.shop_id = $1 AND p.deleted_at IS NULL`,
  );
  out.push(differing("products", products, new Map(keelProducts.map((r) => [r.id, r.fields]))));

  const customers = new Map(
    store.customers.map((c) => [
      num(c.id),
      `${c.email} | ${c.firstName} | ${c.lastName} | ${c.tags.join(",")}`,
    ]),
  );
  const keelCustomers = await rows(
    `SELECT id::text AS id, coalesce(email, 'null') || ' | ' || coalesce(first_name, 'null') || ' | ' ||
       coalesce(last_name, 'null') || ' | ' || array_to_string(tags, ',') AS fields
     FROM customers WHERE shop_id = $1 AND deleted_at IS NULL`,
  );
  out.push(differing("customers", customers, new Map(keelCustomers.map((r) => [r.id, r.fields]))));
  return out;
}

/** Compares Keel's rows of `shopId` (in the database at `url`) with the sandbox store. */
export async function compareWithStore(
  url: string,
  shopId: number,
  store: SandboxStore,
): Promise<Comparison> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const expected = sandboxFigures(store);
    const actual = await keelFigures(client, shopId);
    const names = [...new Set([...expected.keys(), ...actual.keys()])];
    const figures = names.map((name) => ({
      name,
      sandbox: expected.get(name) ?? "(none)",
      keel: actual.get(name) ?? "(none)",
    }));
    const recordDiffs = await records(client, shopId, store);
    return {
      figures,
      records: recordDiffs,
      equal: figures.every((f) => f.sandbox === f.keel) && recordDiffs.every((r) => r.differing === 0),
    };
  } finally {
    await client.end();
  }
}

/** The comparison as lines of text. */
export function describeComparison(comparison: Comparison): string[] {
  const width = Math.max(...comparison.figures.map((f) => f.name.length));
  const lines = comparison.figures.map(
    (f) =>
      `  ${f.name.padEnd(width)}  sandbox ${f.sandbox.padStart(14)}  keel ${f.keel.padStart(14)}  ${f.sandbox === f.keel ? "=" : "DIFFERENT"}`,
  );
  for (const r of comparison.records) {
    lines.push(`  ${r.kind}: ${r.differing === 0 ? "every record equal" : `${r.differing} differ`}`);
    for (const example of r.examples) lines.push(`    ${example}`);
  }
  return lines;
}
