/**
 * The store-change API of a running sandbox (`startSandbox(...)` handle): each call changes the store
 * (store-changes.ts), forgets the Admin API's indexes so that queries see the change, and delivers the
 * change's webhooks through the emitter when the sandbox has one. `emit` options (duplicate, delayMs, drop,
 * reorder) apply to every webhook of that change.
 */
import type {
  SandboxCustomer,
  SandboxInventoryLevel,
  SandboxOrder,
  SandboxProduct,
  SandboxRefund,
} from "../store/types";
import type { StoreIndex } from "./store-index";
import {
  StoreChanges,
  type CancelOptions,
  type Change,
  type CustomerEdit,
  type NewProduct,
  type PlaceOrderOptions,
  type ProductEdit,
  type RefundOptions,
} from "./store-changes";
import type { Delivery, EmitOptions, WebhookEmitter } from "./webhooks";

/** `at` is the change's time (default now); `emit` shapes its deliveries. */
export interface ChangeOptions {
  at?: Date;
  emit?: EmitOptions;
}

export interface StoreChangeApi {
  /** Places an order (a past order's basket under new ids): orders/create, then the stock it took. */
  placeOrder(at?: Date, options?: PlaceOrderOptions & { emit?: EmitOptions }): SandboxOrder;
  /** Refunds lines of an order (default all that is left, restocked): refunds/create, orders/updated, stock. */
  refundOrder(orderId: string, options?: RefundOptions & ChangeOptions): SandboxRefund;
  /** Cancels an order: orders/cancelled, orders/updated (and the stock put back with `restock`). */
  cancelOrder(orderId: string, options?: CancelOptions & ChangeOptions): SandboxOrder;
  /** Deletes an order: orders/delete. */
  deleteOrder(orderId: string, options?: { emit?: EmitOptions }): SandboxOrder;
  /** Adds `delta` (negative: removes) units of an item at a location: inventory_levels/update. */
  adjustInventory(
    inventoryItemId: string,
    locationId: string,
    delta: number,
    options?: ChangeOptions,
  ): SandboxInventoryLevel;
  /** Edits a product's fields or its variants' prices: products/update. */
  editProduct(productId: string, edit: ProductEdit, options?: ChangeOptions): SandboxProduct;
  /** Adds a product of one variant stocked at every active location: products/create, then its levels. */
  createProduct(fields: NewProduct, options?: ChangeOptions): SandboxProduct;
  /** Deletes a product with its variants and inventory, recording a deletion event at `at`: products/delete. */
  deleteProduct(productId: string, options?: ChangeOptions): SandboxProduct;
  /** Edits a customer: customers/update. */
  editCustomer(customerId: string, edit: CustomerEdit, options?: ChangeOptions): SandboxCustomer;
  /** Adds a customer: customers/create. */
  createCustomer(fields?: CustomerEdit, options?: ChangeOptions): SandboxCustomer;
  /** The deliveries of the last change made (empty without a webhook endpoint). */
  lastDeliveries(): Delivery[];
}

export function storeChangeApi(
  changes: StoreChanges,
  index: StoreIndex,
  webhooks: WebhookEmitter | null,
): StoreChangeApi {
  let last: Delivery[] = [];
  const apply = <T>(change: Change<T>, emit?: EmitOptions): T => {
    index.reset();
    last = webhooks ? change.events.flatMap((e) => webhooks.emit(e.topic, e.body, emit)) : [];
    return change.value;
  };
  return {
    placeOrder: (at, options = {}) => apply(changes.placeOrder(at, options), options.emit),
    refundOrder: (orderId, options = {}) =>
      apply(changes.refundOrder(orderId, options, options.at), options.emit),
    cancelOrder: (orderId, options = {}) =>
      apply(changes.cancelOrder(orderId, options, options.at), options.emit),
    deleteOrder: (orderId, options = {}) => apply(changes.deleteOrder(orderId), options.emit),
    adjustInventory: (itemId, locationId, delta, options = {}) =>
      apply(changes.adjustInventory(itemId, locationId, delta, options.at), options.emit),
    editProduct: (productId, edit, options = {}) =>
      apply(changes.editProduct(productId, edit, options.at), options.emit),
    createProduct: (fields, options = {}) => apply(changes.createProduct(fields, options.at), options.emit),
    deleteProduct: (productId, options = {}) =>
      apply(changes.deleteProduct(productId, options.at), options.emit),
    editCustomer: (customerId, edit, options = {}) =>
      apply(changes.editCustomer(customerId, edit, options.at), options.emit),
    createCustomer: (fields = {}, options = {}) =>
      apply(changes.createCustomer(fields, options.at), options.emit),
    lastDeliveries: () => last,
  };
}

export { StoreChanges };
