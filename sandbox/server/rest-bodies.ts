/**
 * Store objects (GraphQL-shaped, `sandbox/store/types.ts`) as the REST resources Shopify's webhooks deliver
 * (API 2025-07 shapes, /work/shared/reference/shopify/rest_fixtures): orders with their lines and refunds,
 * products with their variants, customers, inventory levels, and the `{ "id": N }` body of a delete.
 *
 * Ids are JSON numbers that can exceed 2^53, so the JSON text is written here rather than by `JSON.stringify`
 * of numbers: an id travels as its decimal string and is written as a bare integer (`RawJson`), never through a
 * JavaScript number. Everything else (strings, booleans, small integers) goes through `JSON.stringify`.
 */
import type {
  MoneyBag,
  SandboxCustomer,
  SandboxInventoryLevel,
  SandboxLineItem,
  SandboxOrder,
  SandboxProduct,
  SandboxRefund,
} from "../store/types";

/** A JSON literal written into the text as it is (a bare integer or decimal). */
export class RawJson {
  constructor(readonly text: string) {}
}

export type JsonValue =
  string | number | boolean | null | RawJson | JsonValue[] | { [key: string]: JsonValue };

/** JSON text of `value`; `RawJson` parts are written verbatim. */
export function writeJson(value: JsonValue): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, v]) => `${JSON.stringify(key)}:${writeJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The numeric id of a global id (`gid://shopify/Order/123` or `123`), as a bare JSON integer. */
export function restId(globalId: string): RawJson {
  const match = /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d+)(?:\?.*)?$/.exec(globalId);
  if (!match) throw new Error(`not a Shopify id: ${globalId}`);
  return new RawJson(match[1].replace(/^0+(?=\d)/, ""));
}

const optionalId = (globalId: string | null | undefined): JsonValue => (globalId ? restId(globalId) : null);

/** A decimal money string as a bare JSON number (REST writes refund line subtotals as numbers). */
function decimalNumber(amount: string): RawJson {
  if (!/^-?\d+(\.\d+)?$/.test(amount)) throw new Error(`not a decimal: ${amount}`);
  return new RawJson(amount);
}

const lower = (value: string | null | undefined): string | null => (value ? value.toLowerCase() : null);

function moneySet(bag: MoneyBag): JsonValue {
  return {
    shop_money: { amount: bag.shopMoney.amount, currency_code: bag.shopMoney.currencyCode },
    presentment_money: {
      amount: bag.presentmentMoney.amount,
      currency_code: bag.presentmentMoney.currencyCode,
    },
  };
}

const FULFILLMENT_STATUS: Record<SandboxOrder["displayFulfillmentStatus"], string | null> = {
  FULFILLED: "fulfilled",
  PARTIALLY_FULFILLED: "partial",
  UNFULFILLED: null,
};

function lineItemBody(line: SandboxLineItem): { [key: string]: JsonValue } {
  return {
    id: restId(line.id),
    admin_graphql_api_id: line.id,
    variant_id: optionalId(line.variant?.id),
    product_id: optionalId(line.product?.id),
    sku: line.sku,
    title: line.title,
    name: line.name,
    variant_title: line.variant && line.variant.title !== "Default Title" ? line.variant.title : null,
    vendor: line.product?.vendor ?? null,
    quantity: line.quantity,
    price: line.originalUnitPriceSet.shopMoney.amount,
    price_set: moneySet(line.originalUnitPriceSet),
    total_discount: line.totalDiscountSet.shopMoney.amount,
    total_discount_set: moneySet(line.totalDiscountSet),
  };
}

function refundBody(refund: SandboxRefund, orderId: string): { [key: string]: JsonValue } {
  return {
    id: restId(refund.id),
    admin_graphql_api_id: refund.id,
    order_id: restId(orderId),
    note: refund.note,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    refund_line_items: refund.refundLineItems.map((r) => ({
      id: restId(r.id),
      line_item_id: restId(r.lineItem.id),
      location_id: optionalId(r.location?.id),
      quantity: r.quantity,
      restock_type: lower(r.restockType),
      subtotal: decimalNumber(r.subtotalSet.shopMoney.amount),
      subtotal_set: moneySet(r.subtotalSet),
      total_tax: decimalNumber(r.totalTaxSet.shopMoney.amount),
      total_tax_set: moneySet(r.totalTaxSet),
      line_item: lineItemBody(r.lineItem),
    })),
  };
}

export function orderBody(order: SandboxOrder): JsonValue {
  return {
    id: restId(order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    email: order.email,
    contact_email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: lower(order.cancelReason),
    closed_at: null,
    source_name: order.sourceName,
    financial_status: lower(order.displayFinancialStatus),
    fulfillment_status: FULFILLMENT_STATUS[order.displayFulfillmentStatus],
    currency: order.currencyCode,
    presentment_currency: order.totalPriceSet.presentmentMoney.currencyCode,
    subtotal_price: order.subtotalPriceSet.shopMoney.amount,
    subtotal_price_set: moneySet(order.subtotalPriceSet),
    total_discounts: order.totalDiscountsSet.shopMoney.amount,
    total_discounts_set: moneySet(order.totalDiscountsSet),
    total_shipping_price_set: moneySet(order.totalShippingPriceSet),
    total_tax: order.totalTaxSet.shopMoney.amount,
    total_tax_set: moneySet(order.totalTaxSet),
    total_price: order.totalPriceSet.shopMoney.amount,
    total_price_set: moneySet(order.totalPriceSet),
    test: order.test,
    tags: order.tags.join(", "),
    note_attributes: order.customAttributes.map((a) => ({ name: a.key, value: a.value })),
    customer: order.customer ? customerBody(order.customer) : null,
    line_items: order.lineItems.map(lineItemBody),
    refunds: order.refunds.map((r) => refundBody(r, order.id)),
  };
}

/**
 * The body of refunds/create: the refund resource as REST shows it (`/orders/{id}/refunds/{id}.json`), with the
 * order's id, its refund lines (each with its line item), whether anything went back to stock, and the
 * transactions, adjustments and duties Shopify lists (empty here: the sandbox has no payments).
 */
export function refundCreateBody(refund: SandboxRefund, order: SandboxOrder): JsonValue {
  const zero = (code: string) => ({ amount: "0.00", currency_code: code });
  return {
    ...refundBody(refund, order.id),
    user_id: null,
    restock: refund.refundLineItems.some((r) => r.restockType !== "NO_RESTOCK"),
    duties: [],
    total_duties_set: {
      shop_money: zero(order.totalPriceSet.shopMoney.currencyCode),
      presentment_money: zero(order.totalPriceSet.presentmentMoney.currencyCode),
    },
    return: null,
    order_adjustments: [],
    refund_shipping_lines: [],
    transactions: [],
  };
}

export function productBody(product: SandboxProduct): JsonValue {
  const productId = restId(product.id);
  return {
    id: productId,
    admin_graphql_api_id: product.id,
    title: product.title,
    body_html: null,
    vendor: product.vendor,
    product_type: product.productType,
    handle: product.handle,
    created_at: product.createdAt,
    updated_at: product.updatedAt,
    published_at: product.status === "ACTIVE" ? product.createdAt : null,
    status: product.status.toLowerCase(),
    tags: product.tags.join(", "),
    variants: product.variants.map((v) => ({
      id: restId(v.id),
      admin_graphql_api_id: v.id,
      product_id: productId,
      title: v.title,
      price: v.price,
      compare_at_price: v.compareAtPrice,
      position: v.position,
      sku: v.sku,
      barcode: v.barcode,
      inventory_item_id: restId(v.inventoryItem.id),
      inventory_management: v.inventoryItem.tracked ? "shopify" : null,
      inventory_quantity: v.inventoryItem.inventoryLevels.reduce(
        (sum, level) => sum + (level.quantities.find((q) => q.name === "available")?.quantity ?? 0),
        0,
      ),
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    })),
  };
}

export function customerBody(customer: SandboxCustomer): JsonValue {
  const customerId = restId(customer.id);
  const address = customer.defaultAddress
    ? {
        customer_id: customerId,
        city: customer.defaultAddress.city,
        province: customer.defaultAddress.province,
        country_code: customer.defaultAddress.countryCodeV2,
        default: true,
      }
    : null;
  return {
    id: customerId,
    admin_graphql_api_id: customer.id,
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    phone: customer.phone,
    state: customer.state.toLowerCase(),
    tags: customer.tags.join(", "),
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
    default_address: address,
    addresses: address ? [address] : [],
    email_marketing_consent: customer.emailMarketingConsent
      ? { state: customer.emailMarketingConsent.marketingState.toLowerCase(), opt_in_level: null }
      : null,
  };
}

export function inventoryLevelBody(inventoryItemId: string, level: SandboxInventoryLevel): JsonValue {
  const item = restId(inventoryItemId);
  const location = restId(level.location.id);
  return {
    inventory_item_id: item,
    location_id: location,
    available: level.quantities.find((q) => q.name === "available")?.quantity ?? null,
    updated_at: level.updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${location.text}?inventory_item_id=${item.text}`,
  };
}

/** orders/delete, products/delete, customers/delete: `{"id":N}`. */
export function deleteBody(id: string): JsonValue {
  return { id: restId(id) };
}
