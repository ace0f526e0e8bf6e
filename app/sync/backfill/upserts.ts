/**
 * The statements of a batched upsert, one per table (`unnest` of column arrays, each sent as one array literal:
 * pg-arrays.ts), so a million order lines are a few hundred statements. They are made before they run: a batch
 * waiting to be written is kept as these few strings, not as thousands of records. A row is only overwritten by
 * data at least as new as what is stored (`shopify_updated_at`), so a re-import changes nothing and never undoes
 * a newer webhook.
 */
import { column } from "./pg-arrays";
import type {
  CustomerRecord,
  InventoryLevelRecord,
  LineItemRecord,
  LocationRecord,
  OrderRecord,
  ProductRecord,
  VariantRecord,
} from "./records";
import type { Batch } from "./writer.server";

export interface Statement {
  sql: string;
  params: unknown[];
  /** Line items the statement should write; fewer written are line items without their order. */
  lineItems: number;
}

/** A batch made into its statements, parents before children. */
export interface PreparedBatch {
  statements: Statement[];
}

export function prepareBatch(shopId: number, batch: Batch): PreparedBatch {
  return {
    statements: [
      ...locationsUpsert(shopId, batch.locations),
      ...productsUpsert(shopId, batch.products),
      ...variantsUpsert(shopId, batch.variants),
      ...levelsUpsert(shopId, batch.levels),
      ...customersUpsert(shopId, batch.customers),
      ...ordersUpsert(shopId, batch.orders),
      ...refundsUpsert(shopId, batch.orders),
      ...lineItemsUpsert(shopId, batch.orders, batch.lineItems),
    ],
  };
}

// `$1::int` everywhere: a JS number reaches PostgreSQL as a float, and `shop_id = <float>` cannot use an index.
const statement = (sql: string, ...params: unknown[]): Statement => ({ sql, params, lineItems: 0 });

/** A list of tags as the literal of a `text[]`, sent as one text cell of the tags column. */
const tagsLiteral = (tags: string[]) => column(tags, (tag) => tag);

/** Newer-or-equal wins; rows Shopify gave no time keep the latest import. */
const newer = (table: string) =>
  `WHERE ${table}.shopify_updated_at IS NULL OR EXCLUDED.shopify_updated_at IS NULL OR EXCLUDED.shopify_updated_at >= ${table}.shopify_updated_at`;

function locationsUpsert(shopId: number, rows: LocationRecord[]): Statement[] {
  if (rows.length === 0) return [];
  return [
    statement(
      `INSERT INTO locations AS t (shop_id, id, name, active, fulfills_online, country_code, shopify_updated_at, synced_at, deleted_at)
       SELECT $1::int, * , now(), NULL FROM unnest($2::bigint[], $3::text[], $4::bool[], $5::bool[], $6::text[], $7::timestamptz[])
       ON CONFLICT (shop_id, id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active,
         fulfills_online = EXCLUDED.fulfills_online, country_code = EXCLUDED.country_code,
         shopify_updated_at = EXCLUDED.shopify_updated_at, synced_at = now(), deleted_at = NULL ${newer("t")}`,
      shopId,
      column(rows, (r) => r.id),
      column(rows, (r) => r.name),
      column(rows, (r) => r.isActive),
      column(rows, (r) => r.fulfillsOnlineOrders),
      column(rows, (r) => r.address?.countryCode ?? null),
      column(rows, (r) => r.updatedAt),
    ),
  ];
}

function productsUpsert(shopId: number, rows: ProductRecord[]): Statement[] {
  if (rows.length === 0) return [];
  return [
    statement(
      `INSERT INTO products AS t (shop_id, id, title, handle, vendor, product_type, status, tags, shopify_created_at, shopify_updated_at, synced_at)
       SELECT $1::int, u.id, u.title, u.handle, u.vendor, u.product_type, u.status,
         u.tags::text[], u.created_at, u.updated_at, now()
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
         AS u(id, title, handle, vendor, product_type, status, tags, created_at, updated_at)
       ON CONFLICT (shop_id, id) DO UPDATE SET title = EXCLUDED.title, handle = EXCLUDED.handle,
         vendor = EXCLUDED.vendor, product_type = EXCLUDED.product_type, status = EXCLUDED.status, tags = EXCLUDED.tags,
         shopify_created_at = EXCLUDED.shopify_created_at, shopify_updated_at = EXCLUDED.shopify_updated_at,
         synced_at = now(), deleted_at = NULL ${newer("t")}`,
      shopId,
      column(rows, (r) => r.id),
      column(rows, (r) => r.title),
      column(rows, (r) => r.handle),
      column(rows, (r) => r.vendor),
      column(rows, (r) => r.productType),
      column(rows, (r) => r.status.toLowerCase()),
      column(rows, (r) => tagsLiteral(r.tags)),
      column(rows, (r) => r.createdAt),
      column(rows, (r) => r.updatedAt),
    ),
  ];
}

function variantsUpsert(shopId: number, rows: VariantRecord[]): Statement[] {
  if (rows.length === 0) return [];
  return [
    statement(
      `INSERT INTO variants AS t (shop_id, id, product_id, title, sku, barcode, price, compare_at_price, unit_cost, inventory_item_id, tracked, position, shopify_updated_at, synced_at)
       SELECT $1::int, *, now() FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[],
         $9::numeric[], $10::bigint[], $11::bool[], $12::int[], $13::timestamptz[])
       ON CONFLICT (shop_id, id) DO UPDATE SET product_id = EXCLUDED.product_id, title = EXCLUDED.title,
         sku = EXCLUDED.sku, barcode = EXCLUDED.barcode, price = EXCLUDED.price, compare_at_price = EXCLUDED.compare_at_price,
         unit_cost = EXCLUDED.unit_cost, inventory_item_id = EXCLUDED.inventory_item_id, tracked = EXCLUDED.tracked,
         position = EXCLUDED.position, shopify_updated_at = EXCLUDED.shopify_updated_at, synced_at = now(),
         deleted_at = NULL ${newer("t")}`,
      shopId,
      column(rows, (r) => r.id),
      column(rows, (r) => r.productId),
      column(rows, (r) => r.title),
      column(rows, (r) => r.sku),
      column(rows, (r) => r.barcode),
      column(rows, (r) => r.price),
      column(rows, (r) => r.compareAtPrice),
      column(rows, (r) => r.inventoryItem?.unitCost?.amount ?? null),
      column(rows, (r) => r.inventoryItem?.id ?? null),
      column(rows, (r) => r.inventoryItem?.tracked ?? false),
      column(rows, (r) => r.position),
      column(rows, (r) => r.updatedAt),
    ),
  ];
}

/**
 * Levels are keyed by inventory item, as Shopify keys them; the variant is looked up when Keel has it. A
 * quantity a source does not send (a webhook carries only `available`) keeps its stored value.
 */
function levelsUpsert(shopId: number, rows: InventoryLevelRecord[]): Statement[] {
  if (rows.length === 0) return [];
  const quantity = (r: InventoryLevelRecord, name: string) =>
    r.quantities.find((q) => q.name === name)?.quantity ?? null;
  return [
    statement(
      `INSERT INTO inventory_levels AS t (shop_id, inventory_item_id, location_id, variant_id, available, on_hand, committed, incoming, shopify_updated_at, synced_at)
       SELECT $1::int, u.inventory_item_id, u.location_id, v.id, coalesce(u.available, 0), u.on_hand, u.committed, u.incoming, u.updated_at, now()
       FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::int[], $8::timestamptz[])
         AS u(inventory_item_id, location_id, available, on_hand, committed, incoming, updated_at)
       LEFT JOIN LATERAL (SELECT id FROM variants WHERE shop_id = $1::int AND inventory_item_id = u.inventory_item_id LIMIT 1) v ON true
       ON CONFLICT (shop_id, inventory_item_id, location_id) DO UPDATE SET variant_id = EXCLUDED.variant_id,
         available = EXCLUDED.available, on_hand = coalesce(EXCLUDED.on_hand, t.on_hand),
         committed = coalesce(EXCLUDED.committed, t.committed), incoming = coalesce(EXCLUDED.incoming, t.incoming), shopify_updated_at = EXCLUDED.shopify_updated_at, synced_at = now() ${newer("t")}`,
      shopId,
      column(rows, (r) => r.inventoryItemId),
      column(rows, (r) => r.location.id),
      column(rows, (r) => quantity(r, "available")),
      column(rows, (r) => quantity(r, "on_hand")),
      column(rows, (r) => quantity(r, "committed")),
      column(rows, (r) => quantity(r, "incoming")),
      column(rows, (r) => r.updatedAt),
    ),
  ];
}

function customersUpsert(shopId: number, rows: CustomerRecord[]): Statement[] {
  if (rows.length === 0) return [];
  return [
    statement(
      `INSERT INTO customers AS t (shop_id, id, email, first_name, last_name, phone, city, province, country_code, state, tags, accepts_marketing, shopify_created_at, shopify_updated_at, synced_at)
       SELECT $1::int, u.id, u.email, u.first_name, u.last_name, u.phone, u.city, u.province, u.country_code, u.state,
         u.tags::text[], u.accepts_marketing, u.created_at, u.updated_at, now()
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
         $11::text[], $12::bool[], $13::timestamptz[], $14::timestamptz[])
         AS u(id, email, first_name, last_name, phone, city, province, country_code, state, tags, accepts_marketing, created_at, updated_at)
       ON CONFLICT (shop_id, id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name,
         last_name = EXCLUDED.last_name, phone = EXCLUDED.phone, city = EXCLUDED.city, province = EXCLUDED.province,
         country_code = EXCLUDED.country_code, state = EXCLUDED.state, tags = EXCLUDED.tags,
         accepts_marketing = EXCLUDED.accepts_marketing, shopify_created_at = EXCLUDED.shopify_created_at,
         shopify_updated_at = EXCLUDED.shopify_updated_at, synced_at = now(), deleted_at = NULL
       ${newer("t")} AND t.redacted_at IS NULL`,
      shopId,
      column(rows, (r) => r.id),
      column(rows, (r) => r.email),
      column(rows, (r) => r.firstName),
      column(rows, (r) => r.lastName),
      column(rows, (r) => r.phone),
      column(rows, (r) => r.defaultAddress?.city ?? null),
      column(rows, (r) => r.defaultAddress?.province ?? null),
      column(rows, (r) => r.defaultAddress?.countryCodeV2 ?? null),
      column(rows, (r) => r.state.toLowerCase()),
      column(rows, (r) => tagsLiteral(r.tags)),
      column(rows, (r) =>
        r.emailMarketingConsent ? r.emailMarketingConsent.marketingState === "SUBSCRIBED" : null,
      ),
      column(rows, (r) => r.createdAt),
      column(rows, (r) => r.updatedAt),
    ),
  ];
}

function ordersUpsert(shopId: number, rows: OrderRecord[]): Statement[] {
  if (rows.length === 0) return [];
  return [
    statement(
      `INSERT INTO orders AS t (shop_id, id, name, email, customer_id, source_name, financial_status, fulfillment_status,
         currency, subtotal, total_discounts, total_shipping, total_tax, total, test, tags, note_attributes,
         shopify_created_at, processed_at, cancelled_at, cancel_reason, shopify_updated_at, synced_at)
       SELECT $1::int, u.id, u.name, u.email, u.customer_id, u.source_name, u.financial_status, u.fulfillment_status,
         u.currency, u.subtotal, u.total_discounts, u.total_shipping, u.total_tax, u.total, u.test,
         u.tags::text[], u.note_attributes::jsonb,
         u.created_at, u.processed_at, u.cancelled_at, u.cancel_reason, u.updated_at, now()
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[], $14::numeric[], $15::bool[], $16::text[], $17::text[],
         $18::timestamptz[], $19::timestamptz[], $20::timestamptz[], $21::text[], $22::timestamptz[])
         AS u(id, name, email, customer_id, source_name, financial_status, fulfillment_status, currency, subtotal,
           total_discounts, total_shipping, total_tax, total, test, tags, note_attributes, created_at, processed_at,
           cancelled_at, cancel_reason, updated_at)
       ON CONFLICT (shop_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
         customer_id = EXCLUDED.customer_id, source_name = EXCLUDED.source_name,
         financial_status = EXCLUDED.financial_status, fulfillment_status = EXCLUDED.fulfillment_status,
         currency = EXCLUDED.currency, subtotal = EXCLUDED.subtotal, total_discounts = EXCLUDED.total_discounts,
         total_shipping = EXCLUDED.total_shipping, total_tax = EXCLUDED.total_tax, total = EXCLUDED.total,
         test = EXCLUDED.test, tags = EXCLUDED.tags, note_attributes = EXCLUDED.note_attributes,
         shopify_created_at = EXCLUDED.shopify_created_at, processed_at = EXCLUDED.processed_at,
         cancelled_at = EXCLUDED.cancelled_at, cancel_reason = EXCLUDED.cancel_reason,
         shopify_updated_at = EXCLUDED.shopify_updated_at, synced_at = now(), deleted_at = NULL ${newer("t")}`,
      shopId,
      column(rows, (r) => r.id),
      column(rows, (r) => r.name),
      column(rows, (r) => r.email),
      column(rows, (r) => r.customer),
      column(rows, (r) => r.sourceName),
      column(rows, (r) => r.displayFinancialStatus?.toLowerCase() ?? null),
      column(rows, (r) => r.displayFulfillmentStatus?.toLowerCase() ?? null),
      column(rows, (r) => r.currencyCode),
      column(rows, (r) => r.subtotalPriceSet),
      column(rows, (r) => r.totalDiscountsSet),
      column(rows, (r) => r.totalShippingPriceSet),
      column(rows, (r) => r.totalTaxSet),
      column(rows, (r) => r.totalPriceSet),
      column(rows, (r) => r.test),
      column(rows, (r) => tagsLiteral(r.tags)),
      column(rows, (r) => JSON.stringify(r.customAttributes.map((a) => ({ name: a.key, value: a.value })))),
      column(rows, (r) => r.createdAt),
      column(rows, (r) => r.processedAt),
      column(rows, (r) => r.cancelledAt),
      column(rows, (r) => r.cancelReason?.toLowerCase() ?? null),
      column(rows, (r) => r.updatedAt),
    ),
  ];
}

/** An order's refunds arrive inline with it; they are replaced whole with the order's current list. */
function refundsUpsert(shopId: number, orders: OrderRecord[]): Statement[] {
  const refunds = orders.flatMap((order) =>
    order.refunds.map((refund) => ({ orderId: order.id, ...refund })),
  );
  if (refunds.length === 0) return [];
  const lines = refunds.flatMap((refund) =>
    refund.refundLineItems.edges.map(({ node }) => ({ refundId: refund.id, ...node })),
  );
  const statements = [
    statement(
      `INSERT INTO refunds (shop_id, id, order_id, note, shopify_created_at, processed_at)
       SELECT $1::int, u.id, u.order_id, u.note, u.created_at, u.created_at
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::timestamptz[]) AS u(id, order_id, note, created_at)
       ON CONFLICT (shop_id, id) DO UPDATE SET order_id = EXCLUDED.order_id, note = EXCLUDED.note,
         shopify_created_at = EXCLUDED.shopify_created_at, processed_at = EXCLUDED.processed_at`,
      shopId,
      column(refunds, (r) => r.id),
      column(refunds, (r) => r.orderId),
      column(refunds, (r) => r.note),
      column(refunds, (r) => r.createdAt),
    ),
  ];
  if (lines.length === 0) return statements;
  statements.push(
    statement(
      `INSERT INTO refund_lines (shop_id, id, refund_id, order_line_id, quantity, subtotal, total_tax, restock_type, location_id)
       SELECT $1::int, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::numeric[], $7::numeric[], $8::text[], $9::bigint[])
       ON CONFLICT (shop_id, id) DO UPDATE SET refund_id = EXCLUDED.refund_id, order_line_id = EXCLUDED.order_line_id,
         quantity = EXCLUDED.quantity, subtotal = EXCLUDED.subtotal, total_tax = EXCLUDED.total_tax,
         restock_type = EXCLUDED.restock_type, location_id = EXCLUDED.location_id`,
      shopId,
      column(lines, (l) => l.id),
      column(lines, (l) => l.refundId),
      column(lines, (l) => l.lineItem.id),
      column(lines, (l) => l.quantity),
      column(lines, (l) => l.subtotalSet),
      column(lines, (l) => l.totalTaxSet),
      column(lines, (l) => l.restockType?.toLowerCase() ?? null),
      column(lines, (l) => l.location),
    ),
  );
  return statements;
}

/**
 * A line takes its order's processed_at (for sales per variant per day). A line whose order is in the same
 * batch takes it from there; any other line looks it up (its order came in an earlier batch, or an earlier
 * import), and a line without its order is not written.
 */
function lineItemsUpsert(shopId: number, orders: OrderRecord[], rows: LineItemRecord[]): Statement[] {
  const processedAt = new Map(orders.map((order) => [order.id, order.processedAt.toISOString()]));
  const known = rows.filter((r) => processedAt.has(r.orderId));
  const unknown = rows.filter((r) => !processedAt.has(r.orderId));
  return [
    ...lineItemsInsert(
      shopId,
      known,
      "u.processed_at FROM",
      column(known, (r) => processedAt.get(r.orderId)),
    ),
    ...lineItemsInsert(
      shopId,
      unknown,
      "o.processed_at FROM",
      column(unknown, () => null),
      "CROSS JOIN LATERAL (SELECT processed_at FROM orders WHERE shop_id = $1::int AND id = u.order_id) o",
    ),
  ];
}

function lineItemsInsert(
  shopId: number,
  rows: LineItemRecord[],
  processedAt: string,
  processedAtValues: string,
  join = "",
): Statement[] {
  if (rows.length === 0) return [];
  const insert = statement(
    `INSERT INTO order_lines (shop_id, id, order_id, variant_id, product_id, sku, title, quantity, price, total_discount, processed_at)
       SELECT $1::int, u.id, u.order_id, u.variant_id, u.product_id, u.sku, u.title, u.quantity, u.price, u.total_discount, ${processedAt}
         unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::int[], $9::numeric[], $10::numeric[], $11::timestamptz[])
         AS u(id, order_id, variant_id, product_id, sku, title, quantity, price, total_discount, processed_at)
       ${join}
       ON CONFLICT (shop_id, id) DO UPDATE SET order_id = EXCLUDED.order_id, variant_id = EXCLUDED.variant_id,
         product_id = EXCLUDED.product_id, sku = EXCLUDED.sku, title = EXCLUDED.title, quantity = EXCLUDED.quantity,
         price = EXCLUDED.price, total_discount = EXCLUDED.total_discount, processed_at = EXCLUDED.processed_at`,
    shopId,
    column(rows, (r) => r.id),
    column(rows, (r) => r.orderId),
    column(rows, (r) => r.variant),
    column(rows, (r) => r.product),
    column(rows, (r) => r.sku),
    column(rows, (r) => r.title),
    column(rows, (r) => r.quantity),
    column(rows, (r) => r.originalUnitPriceSet),
    column(rows, (r) => r.totalDiscountSet),
    processedAtValues,
  );
  return [{ ...insert, lineItems: rows.length }];
}
