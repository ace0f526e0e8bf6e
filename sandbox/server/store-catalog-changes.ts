/**
 * Changes to the sandbox store's catalog, stock and customers (store-changes.ts adds the orders): each one
 * mutates the store in memory, so the Admin API answers with what was emitted, and returns the webhooks
 * Shopify would send for it, their bodies written at the moment of the change.
 *
 * Times: every change takes a time (`at`, default now) and stamps the objects it touches with it, moved
 * forward to 1 ms past the object's previous `updatedAt` when needed, so an object's versions always have
 * strictly increasing `updatedAt` (the app keeps the newest, and equal times would make two versions
 * indistinguishable).
 */
import type { WebhookTopic } from "../../app/sync/webhooks/topics";
import type {
  SandboxCustomer,
  SandboxDeletionEvent,
  SandboxInventoryItem,
  SandboxInventoryLevel,
  SandboxLocation,
  SandboxProduct,
  SandboxStore,
  SandboxVariant,
} from "../store/types";
import {
  customerBody,
  deleteBody,
  inventoryLevelBody,
  productBody,
  writeJson,
  type JsonValue,
} from "./rest-bodies";

/** One webhook a change causes: its topic and exact JSON body. */
export interface StoreEvent {
  topic: WebhookTopic;
  body: string;
}

/** What a change made, and the webhooks Shopify sends for it (in the order it sends them). */
export interface Change<T> {
  value: T;
  events: StoreEvent[];
}

export interface ProductEdit {
  title?: string;
  vendor?: string;
  productType?: string;
  status?: SandboxProduct["status"];
  tags?: string[];
  /** New prices by variant global id (decimal strings). */
  prices?: Record<string, string>;
}

export interface NewProduct {
  title: string;
  price: string;
  sku?: string | null;
  vendor?: string;
  productType?: string;
  tags?: string[];
  /** Stock at each active location (default 0). */
  available?: number;
}

export type CustomerEdit = Partial<
  Pick<SandboxCustomer, "email" | "firstName" | "lastName" | "phone" | "tags" | "state" | "defaultAddress">
>;

export const numericId = (gid: string): bigint => BigInt(/(\d+)(?:\?.*)?$/.exec(gid)![1]);

const event = (topic: WebhookTopic, body: JsonValue): StoreEvent => ({ topic, body: writeJson(body) });

/** The largest numeric id among `gids` (0 when empty). */
function maxId(gids: Iterable<string>): bigint {
  let max = 0n;
  for (const gid of gids) {
    const id = numericId(gid);
    if (id > max) max = id;
  }
  return max;
}

export const quantityOf = (level: SandboxInventoryLevel, name: "available" | "on_hand"): number =>
  level.quantities.find((q) => q.name === name)?.quantity ?? 0;

export class CatalogChanges {
  private readonly items = new Map<string, { item: SandboxInventoryItem; variant: SandboxVariant }>();
  private nextProductId: bigint;
  private nextVariantId: bigint;
  private nextItemId: bigint;
  private nextCustomerId: bigint;

  constructor(protected readonly store: SandboxStore) {
    const variants = store.products.flatMap((p) => p.variants);
    for (const variant of variants)
      this.items.set(variant.inventoryItem.id, { item: variant.inventoryItem, variant });
    this.nextProductId = maxId(store.products.map((p) => p.id)) + 1n;
    this.nextVariantId = maxId(variants.map((v) => v.id)) + 1n;
    this.nextItemId = maxId(variants.map((v) => v.inventoryItem.id)) + 1n;
    this.nextCustomerId = maxId(store.customers.map((c) => c.id)) + 1n;
  }

  /** `at`, moved to 1 ms after the latest of `previous` if it is not later: an object's times only go up. */
  protected stamp(at: Date, ...previous: (string | null | undefined)[]): string {
    let ms = at.getTime();
    for (const time of previous) if (time) ms = Math.max(ms, Date.parse(time) + 1);
    return new Date(ms).toISOString();
  }

  protected location(locationId: string): SandboxLocation {
    const location = this.store.locations.find((l) => l.id === locationId);
    if (!location) throw new Error(`the store has no location ${locationId}`);
    return location;
  }

  protected inventoryItem(inventoryItemId: string): { item: SandboxInventoryItem; variant: SandboxVariant } {
    const found = this.items.get(inventoryItemId);
    if (!found) throw new Error(`the store has no inventory item ${inventoryItemId}`);
    return found;
  }

  /**
   * Moves `delta` units in or out of an item's stock at a location (available and on hand), creating the level
   * if the item was not stocked there; returns the level and its inventory_levels/update.
   */
  protected moveStock(
    item: SandboxInventoryItem,
    location: SandboxLocation,
    delta: number,
    at: Date,
  ): Change<SandboxInventoryLevel> {
    let level = item.inventoryLevels.find((l) => l.location.id === location.id);
    if (!level) {
      level = {
        id: `gid://shopify/InventoryLevel/${numericId(location.id)}?inventory_item_id=${numericId(item.id)}`,
        location,
        quantities: [
          { name: "available", quantity: 0 },
          { name: "on_hand", quantity: 0 },
          { name: "committed", quantity: 0 },
          { name: "incoming", quantity: 0 },
        ],
        updatedAt: at.toISOString(),
      };
      item.inventoryLevels = [...item.inventoryLevels, level];
    }
    // A new array: the store's objects may be shared, and a caller may hold the old quantities.
    level.quantities = level.quantities.map((q) =>
      q.name === "available" || q.name === "on_hand" ? { ...q, quantity: q.quantity + delta } : q,
    );
    level.updatedAt = this.stamp(at, level.updatedAt);
    return { value: level, events: [event("inventory_levels/update", inventoryLevelBody(item.id, level))] };
  }

  /** Stock counted in or written off: inventory_levels/update. */
  adjustInventory(
    inventoryItemId: string,
    locationId: string,
    delta: number,
    at = new Date(),
  ): Change<SandboxInventoryLevel> {
    if (!Number.isInteger(delta)) throw new Error(`an inventory adjustment is a whole number, not ${delta}`);
    const { item } = this.inventoryItem(inventoryItemId);
    return this.moveStock(item, this.location(locationId), delta, at);
  }

  /** A merchant's edit of a product (title, status, tags, prices, ...): products/update. */
  editProduct(productId: string, edit: ProductEdit, at = new Date()): Change<SandboxProduct> {
    const product = this.store.products.find((p) => p.id === productId);
    if (!product) throw new Error(`the store has no product ${productId}`);
    const time = this.stamp(at, product.updatedAt, ...product.variants.map((v) => v.updatedAt));
    const { prices, ...fields } = edit;
    for (const variantId of Object.keys(prices ?? {})) {
      if (!product.variants.some((v) => v.id === variantId))
        throw new Error(`product ${productId} has no variant ${variantId}`);
    }
    Object.assign(product, fields, { updatedAt: time });
    if (fields.tags) product.tags = [...fields.tags];
    product.variants = product.variants.map((variant) => {
      const price = prices?.[variant.id];
      if (price === undefined) return variant;
      // The same object, changed: the inventory item map and orders' lines point at it.
      return Object.assign(variant, { price, updatedAt: time });
    });
    return { value: product, events: [event("products/update", productBody(product))] };
  }

  /** A new product with one variant, stocked at every active location: products/create, then its levels. */
  createProduct(fields: NewProduct, at = new Date()): Change<SandboxProduct> {
    const time = at.toISOString();
    const productNumber = this.nextProductId++;
    const variantNumber = this.nextVariantId++;
    const item: SandboxInventoryItem = {
      id: `gid://shopify/InventoryItem/${this.nextItemId++}`,
      sku: fields.sku ?? null,
      tracked: true,
      unitCost: null,
      inventoryLevels: [],
      createdAt: time,
      updatedAt: time,
    };
    const variant: SandboxVariant = {
      id: `gid://shopify/ProductVariant/${variantNumber}`,
      title: "Default Title",
      sku: fields.sku ?? null,
      barcode: null,
      price: fields.price,
      compareAtPrice: null,
      position: 1,
      inventoryItem: item,
      createdAt: time,
      updatedAt: time,
    };
    const product: SandboxProduct = {
      id: `gid://shopify/Product/${productNumber}`,
      title: fields.title,
      handle: `${fields.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")}-${productNumber}`,
      vendor: fields.vendor ?? this.store.shop.name,
      productType: fields.productType ?? "",
      status: "ACTIVE",
      tags: [...(fields.tags ?? [])],
      variants: [variant],
      createdAt: time,
      updatedAt: time,
    };
    this.store.products.push(product);
    this.items.set(item.id, { item, variant });
    const levels = this.store.locations
      .filter((l) => l.isActive)
      .map((location) => this.moveStock(item, location, fields.available ?? 0, at));
    return {
      value: product,
      events: [event("products/create", productBody(product)), ...levels.flatMap((l) => l.events)],
    };
  }

  /**
   * A product deleted, with its variants and their inventory items and levels: the Admin API no longer finds
   * any of them, and, as on Shopify, a deletion event is the only trace left: products/delete.
   */
  deleteProduct(productId: string, at = new Date()): Change<SandboxProduct> {
    const product = this.store.products.find((p) => p.id === productId);
    if (!product) throw new Error(`the store has no product ${productId}`);
    this.store.products.splice(this.store.products.indexOf(product), 1);
    for (const variant of product.variants) this.items.delete(variant.inventoryItem.id);
    const events = (this.store.deletionEvents ??= []);
    const time = at.toISOString();
    const deletion: SandboxDeletionEvent = {
      id: `gid://shopify/DeletionEvent/${maxId(events.map((e) => e.id)) + 1n}`,
      subjectId: product.id,
      subjectType: "PRODUCT",
      occurredAt: time,
      createdAt: time,
    };
    events.push(deletion);
    return { value: product, events: [event("products/delete", deleteBody(product.id))] };
  }

  /** A customer's details changed (by the merchant or the customer): customers/update. */
  editCustomer(customerId: string, edit: CustomerEdit, at = new Date()): Change<SandboxCustomer> {
    const customer = this.store.customers.find((c) => c.id === customerId);
    if (!customer) throw new Error(`the store has no customer ${customerId}`);
    Object.assign(customer, edit, { updatedAt: this.stamp(at, customer.updatedAt) });
    if (edit.tags) customer.tags = [...edit.tags];
    return { value: customer, events: [event("customers/update", customerBody(customer))] };
  }

  /** A new customer account: customers/create. */
  createCustomer(fields: CustomerEdit = {}, at = new Date()): Change<SandboxCustomer> {
    const time = at.toISOString();
    const number = this.nextCustomerId++;
    const customer: SandboxCustomer = {
      id: `gid://shopify/Customer/${number}`,
      email: `customer-${number}@example.com`,
      firstName: null,
      lastName: null,
      phone: null,
      defaultAddress: null,
      state: "ENABLED",
      tags: [],
      emailMarketingConsent: null,
      createdAt: time,
      updatedAt: time,
      ...fields,
    };
    this.store.customers.push(customer);
    return { value: customer, events: [event("customers/create", customerBody(customer))] };
  }
}
