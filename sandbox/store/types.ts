/**
 * The sandbox store's data, shaped as the Admin GraphQL API presents it: every property is named after the
 * Admin schema's field (API 2025-01 introspection in data/shopify), so the sandbox can execute any valid
 * document against these objects with a generic resolver. Ids are global ids (`gid://shopify/Type/123`);
 * money is a decimal string; times are ISO 8601 strings in UTC. Lists that the Admin API exposes as connections
 * (a product's variants, an order's line items, ...) are plain arrays here; the server pages them.
 */

export interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

/** Shopify's MoneyBag: the amount in the shop's currency and in the currency the customer paid in. */
export interface MoneyBag {
  shopMoney: MoneyV2;
  presentmentMoney: MoneyV2;
}

export interface SandboxShop {
  id: string;
  name: string;
  email: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  plan: { displayName: string };
}

export interface SandboxLocation {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  address: { countryCode: string };
  createdAt: string;
  updatedAt: string;
}

export interface SandboxInventoryLevel {
  id: string;
  location: SandboxLocation;
  /** As the Admin API names them: available, on_hand, committed, incoming (filtered by `quantities(names:)`). */
  quantities: { name: "available" | "on_hand" | "committed" | "incoming"; quantity: number }[];
  updatedAt: string;
}

export interface SandboxInventoryItem {
  id: string;
  sku: string | null;
  tracked: boolean;
  unitCost: MoneyV2 | null;
  inventoryLevels: SandboxInventoryLevel[];
  createdAt: string;
  updatedAt: string;
}

export interface SandboxVariant {
  id: string;
  title: string;
  sku: string | null;
  barcode: string | null;
  /** Money scalar: a decimal string in the shop's currency. */
  price: string;
  compareAtPrice: string | null;
  position: number;
  inventoryItem: SandboxInventoryItem;
  createdAt: string;
  updatedAt: string;
}

export interface SandboxProduct {
  id: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  tags: string[];
  variants: SandboxVariant[];
  createdAt: string;
  updatedAt: string;
}

export interface SandboxCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  defaultAddress: { city: string | null; province: string | null; countryCodeV2: string | null } | null;
  state: "ENABLED" | "DISABLED" | "INVITED" | "DECLINED";
  tags: string[];
  emailMarketingConsent: { marketingState: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" } | null;
  createdAt: string;
  updatedAt: string;
}

export interface SandboxLineItem {
  id: string;
  variant: SandboxVariant | null;
  product: SandboxProduct | null;
  sku: string | null;
  title: string;
  name: string;
  quantity: number;
  originalUnitPriceSet: MoneyBag;
  totalDiscountSet: MoneyBag;
}

export interface SandboxRefundLineItem {
  id: string;
  lineItem: SandboxLineItem;
  quantity: number;
  subtotalSet: MoneyBag;
  totalTaxSet: MoneyBag;
  restockType: "NO_RESTOCK" | "CANCEL" | "RETURN" | "LEGACY_RESTOCK";
  location: SandboxLocation | null;
}

export interface SandboxRefund {
  id: string;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  refundLineItems: SandboxRefundLineItem[];
}

export interface SandboxOrder {
  id: string;
  name: string;
  email: string | null;
  customer: SandboxCustomer | null;
  /** The sales channel: web, pos, shopify_draft_order, ... */
  sourceName: string;
  displayFinancialStatus: "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "PENDING" | "VOIDED" | "AUTHORIZED";
  displayFulfillmentStatus: "FULFILLED" | "UNFULFILLED" | "PARTIALLY_FULFILLED";
  currencyCode: string;
  subtotalPriceSet: MoneyBag;
  totalDiscountsSet: MoneyBag;
  totalShippingPriceSet: MoneyBag;
  totalTaxSet: MoneyBag;
  totalPriceSet: MoneyBag;
  test: boolean;
  tags: string[];
  customAttributes: { key: string; value: string | null }[];
  createdAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF" | null;
  updatedAt: string;
  lineItems: SandboxLineItem[];
  refunds: SandboxRefund[];
}

/** One day's end-of-day stock of a variant at a location, from the replenishment simulation. */
export interface SandboxInventoryDay {
  variantId: string;
  locationId: string;
  day: string; // YYYY-MM-DD in the shop's time zone
  available: number;
}

/**
 * Shopify's record of a deleted product or collection (`deletionEvents`), the only trace left of it. The Admin
 * schema's DeletionEvent has no `id` or `createdAt`; Shopify has both behind its `ID` and `CREATED_AT` sort
 * keys, so the store keeps them to order and page the events.
 */
export interface SandboxDeletionEvent {
  /** `gid://shopify/DeletionEvent/N`, N increasing: the `ID` sort key and the cursors. */
  id: string;
  /** The deleted object's global id (`gid://shopify/Product/N`). */
  subjectId: string;
  subjectType: "PRODUCT" | "COLLECTION";
  occurredAt: string;
  /** When Shopify recorded the event: the deletion's own time (the `CREATED_AT` sort key). */
  createdAt: string;
}

/** What a store-data source reports about how it was built (the replay's mapping counts). */
export interface SandboxStoreReport {
  source: string;
  counts: Record<string, number>;
  notes: string[];
}

export interface SandboxStore {
  shop: SandboxShop;
  locations: SandboxLocation[];
  products: SandboxProduct[];
  customers: SandboxCustomer[];
  orders: SandboxOrder[];
  inventoryHistory: SandboxInventoryDay[];
  report: SandboxStoreReport;
  /** Deletions made while the sandbox ran (`deleteProduct`), oldest first; absent until the first one. */
  deletionEvents?: SandboxDeletionEvent[];
}
