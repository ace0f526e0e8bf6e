/**
 * Lookups over the sandbox store that the Admin API offers but the store's tree does not hold directly: an
 * object by global id (`node(id:)`), the parent of a nested object (a variant's `product`, an inventory
 * item's `variant`, a refund's `order`), and the flat lists behind `productVariants` and `inventoryItems`.
 * Each index is built on first use, id maps one type at a time: a store of a million order lines should not
 * pay for an id map of its line items unless a client asks for a line item by id.
 */
import type {
  SandboxInventoryItem,
  SandboxInventoryLevel,
  SandboxOrder,
  SandboxProduct,
  SandboxStore,
  SandboxVariant,
} from "../store/types";

type AnyObject = object;

export class StoreIndex {
  private readonly idsByType = new Map<string, Map<string, AnyObject>>();
  private catalogParents?: Map<AnyObject, AnyObject>;
  private refundOrders?: Map<AnyObject, SandboxOrder>;
  private variantList?: SandboxVariant[];
  private levelsByLocation?: Map<string, SandboxInventoryLevel[]>;

  constructor(readonly store: SandboxStore) {}

  /** Forgets every index after the store changed (an order placed): they are rebuilt on next use. */
  reset(): void {
    this.idsByType.clear();
    this.catalogParents = undefined;
    this.refundOrders = undefined;
    this.variantList = undefined;
    this.levelsByLocation = undefined;
  }

  /** Any object of the store by its global id, or undefined. One map per type, built when first asked. */
  byId(id: string): AnyObject | undefined {
    const type = typeOfGid(id);
    if (!type) return undefined;
    let ids = this.idsByType.get(type);
    if (!ids) {
      ids = new Map();
      const found = ids;
      this.forEachObject((object) => {
        if (typeOfGid(object.id) === type) found.set(object.id, object);
      });
      this.idsByType.set(type, ids);
    }
    return ids.get(id);
  }

  /** The object that holds `child` in the catalog tree (variant → product, item → variant, level → item). */
  catalogParent(child: AnyObject): AnyObject | undefined {
    this.catalogParents ??= this.buildCatalogParents();
    return this.catalogParents.get(child);
  }

  /** The order a refund belongs to. */
  refundOrder(refund: AnyObject): SandboxOrder | undefined {
    if (!this.refundOrders) {
      this.refundOrders = new Map();
      for (const order of this.store.orders) for (const r of order.refunds) this.refundOrders.set(r, order);
    }
    return this.refundOrders.get(refund);
  }

  /** Every variant of every product, in catalog order. */
  variants(): SandboxVariant[] {
    this.variantList ??= this.store.products.flatMap((product) => product.variants);
    return this.variantList;
  }

  inventoryItems(): SandboxInventoryItem[] {
    return this.variants().map((variant) => variant.inventoryItem);
  }

  /** The inventory levels stocked at a location, across all items. */
  levelsAt(locationId: string): SandboxInventoryLevel[] {
    if (!this.levelsByLocation) {
      this.levelsByLocation = new Map();
      for (const item of this.inventoryItems()) {
        for (const level of item.inventoryLevels) {
          const list = this.levelsByLocation.get(level.location.id) ?? [];
          list.push(level);
          this.levelsByLocation.set(level.location.id, list);
        }
      }
    }
    return this.levelsByLocation.get(locationId) ?? [];
  }

  /** Visits every object of the store that has a global id. */
  private forEachObject(visit: (object: { id: string }) => void): void {
    const { shop, locations, products, customers, orders } = this.store;
    visit(shop);
    locations.forEach(visit);
    customers.forEach(visit);
    for (const product of products) visitProduct(product, visit);
    for (const order of orders) {
      visit(order);
      order.lineItems.forEach(visit);
      for (const refund of order.refunds) {
        visit(refund);
        refund.refundLineItems.forEach(visit);
      }
    }
  }

  private buildCatalogParents(): Map<AnyObject, AnyObject> {
    const parents = new Map<AnyObject, AnyObject>();
    for (const product of this.store.products) {
      for (const variant of product.variants) {
        parents.set(variant, product);
        parents.set(variant.inventoryItem, variant);
        for (const level of variant.inventoryItem.inventoryLevels) parents.set(level, variant.inventoryItem);
      }
    }
    return parents;
  }
}

function visitProduct(product: SandboxProduct, visit: (object: { id: string }) => void) {
  visit(product);
  for (const variant of product.variants) {
    visit(variant);
    visit(variant.inventoryItem);
    variant.inventoryItem.inventoryLevels.forEach(visit);
  }
}

/** The Admin API type a global id names: `gid://shopify/ProductVariant/1` → `ProductVariant`. */
export function typeOfGid(id: unknown): string | undefined {
  if (typeof id !== "string") return undefined;
  return /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1];
}
