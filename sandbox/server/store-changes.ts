/**
 * Changes to the sandbox store while it runs, as a shop's life makes them: orders placed (the demo's live
 * orders, the orders tests place), refunded, cancelled and deleted; stock, products and customers
 * (store-catalog-changes.ts). Each change mutates the store, so the Admin API (GraphQL and bulk) answers with
 * what the webhooks said, and returns the webhooks Shopify sends for it:
 *
 * | change        | webhooks, in order                                                              |
 * | ------------- | ------------------------------------------------------------------------------- |
 * | placeOrder    | orders/create, then inventory_levels/update for each level the order drew from |
 * | refundOrder   | refunds/create, orders/updated, then inventory_levels/update for each restock  |
 * | cancelOrder   | orders/cancelled, orders/updated (+ inventory_levels/update with `restock`)     |
 * | deleteOrder   | orders/delete                                                                   |
 *
 * A new order copies a past order's basket (so products, prices and customers stay the store's own) under new
 * ids, at the given time.
 */
import type {
  MoneyBag,
  SandboxInventoryLevel,
  SandboxLineItem,
  SandboxLocation,
  SandboxOrder,
  SandboxRefund,
  SandboxRefundLineItem,
  SandboxStore,
} from "../store/types";
import { deleteBody, orderBody, refundCreateBody, writeJson } from "./rest-bodies";
import { CatalogChanges, numericId, quantityOf, type Change, type StoreEvent } from "./store-catalog-changes";

export type { Change, StoreEvent, ProductEdit, NewProduct, CustomerEdit } from "./store-catalog-changes";

export interface PlaceOrderOptions {
  /** The buyer (a customer's global id) instead of the past order's. */
  customerId?: string;
}

export interface RefundOptions {
  /** Lines and quantities to refund (default: every unit not refunded yet). */
  lines?: { lineItemId: string; quantity: number }[];
  /** Put the units back in stock where they were taken from (default true). */
  restock?: boolean;
  note?: string | null;
}

export interface CancelOptions {
  reason?: NonNullable<SandboxOrder["cancelReason"]>;
  /** Put the units not refunded back in stock (default false). */
  restock?: boolean;
}

/** Whole minor units of a decimal money string ("12.30" → 1230). */
const minor = (amount: string): number => Math.round(Number(amount) * 100);
const decimal = (minorUnits: number): string => (minorUnits / 100).toFixed(2);
const bag = (shop: number, presentment: number, like: MoneyBag): MoneyBag => ({
  shopMoney: { amount: decimal(shop), currencyCode: like.shopMoney.currencyCode },
  presentmentMoney: { amount: decimal(presentment), currencyCode: like.presentmentMoney.currencyCode },
});

export class StoreChanges extends CatalogChanges {
  private nextOrderId: bigint;
  private nextLineId: bigint;
  private nextRefundId: bigint;
  private nextRefundLineId: bigint;
  private nextName: number;
  private turn = 0;
  /** Where each placed order's lines were taken from, for restocks. */
  private readonly lineLocations = new Map<string, SandboxLocation>();

  constructor(store: SandboxStore) {
    super(store);
    let [order, line, refund, refundLine] = [0n, 0n, 0n, 0n];
    const max = (a: bigint, gid: string) => (numericId(gid) > a ? numericId(gid) : a);
    for (const o of store.orders) {
      order = max(order, o.id);
      for (const l of o.lineItems) line = max(line, l.id);
      for (const r of o.refunds) {
        refund = max(refund, r.id);
        for (const rl of r.refundLineItems) refundLine = max(refundLine, rl.id);
      }
    }
    this.nextOrderId = order + 1n;
    this.nextLineId = line + 1n;
    this.nextRefundId = refund + 1n;
    this.nextRefundLineId = refundLine + 1n;
    this.nextName = 1001 + store.orders.length;
  }

  order(orderId: string): SandboxOrder {
    const order = this.store.orders.find((o) => o.id === orderId);
    if (!order) throw new Error(`the store has no order ${orderId}`);
    return order;
  }

  /**
   * Places an order: a copy of a past order's basket and customer under new ids, no refunds. Each tracked
   * line takes its units from the first active location holding enough (else the first stocking it).
   */
  placeOrder(at = new Date(), options: PlaceOrderOptions = {}): Change<SandboxOrder> {
    const templates = this.store.orders.filter(
      (o) => o.cancelledAt === null && !o.test && o.lineItems.length > 0,
    );
    if (templates.length === 0) throw new Error("the store has no order to take a basket from");
    // Walks through the past orders in a fixed stride: deterministic, and varied enough for a demo.
    const template = templates[(this.turn++ * 7919) % templates.length];
    const customer = options.customerId
      ? this.store.customers.find((c) => c.id === options.customerId)
      : template.customer;
    if (customer === undefined) throw new Error(`the store has no customer ${options.customerId}`);
    const time = this.stamp(at);
    const order: SandboxOrder = {
      ...template,
      id: `gid://shopify/Order/${this.nextOrderId++}`,
      name: `#${this.nextName++}`,
      customer,
      email: customer?.email ?? null,
      displayFinancialStatus: "PAID",
      createdAt: time,
      processedAt: time,
      updatedAt: time,
      cancelledAt: null,
      cancelReason: null,
      refunds: [],
      lineItems: template.lineItems.map((line) => ({
        ...line,
        id: `gid://shopify/LineItem/${this.nextLineId++}`,
      })),
    };
    this.store.orders.push(order);
    const stock: Change<SandboxInventoryLevel>[] = [];
    for (const line of order.lineItems) {
      const item = line.variant?.inventoryItem;
      if (!item?.tracked) continue;
      const active = item.inventoryLevels.filter((l) => l.location.isActive);
      const from = active.find((l) => quantityOf(l, "available") >= line.quantity) ?? active[0];
      if (!from) continue;
      this.lineLocations.set(line.id, from.location);
      stock.push(this.moveStock(item, from.location, -line.quantity, at));
    }
    return {
      value: order,
      events: [event("orders/create", order), ...mergeLevels(stock)],
    };
  }

  /**
   * Refunds lines of an order (default: everything not refunded yet) at their price after discounts, with the
   * order's tax rate; restocked units go back where they came from.
   */
  refundOrder(orderId: string, options: RefundOptions = {}, at = new Date()): Change<SandboxRefund> {
    const order = this.order(orderId);
    const refunded = new Map<string, number>();
    for (const r of order.refunds)
      for (const rl of r.refundLineItems)
        refunded.set(rl.lineItem.id, (refunded.get(rl.lineItem.id) ?? 0) + rl.quantity);
    const left = (line: SandboxLineItem) => line.quantity - (refunded.get(line.id) ?? 0);
    const wanted =
      options.lines ??
      order.lineItems.filter((l) => left(l) > 0).map((l) => ({ lineItemId: l.id, quantity: left(l) }));
    if (wanted.length === 0) throw new Error(`order ${orderId} has nothing left to refund`);
    const restock = options.restock ?? true;
    const time = this.stamp(at, order.updatedAt);
    const taxRate = (money: "shopMoney" | "presentmentMoney") => {
      const subtotal = minor(order.subtotalPriceSet[money].amount);
      return subtotal === 0 ? 0 : minor(order.totalTaxSet[money].amount) / subtotal;
    };
    const stock: Change<SandboxInventoryLevel>[] = [];
    const refundLineItems = wanted.map(({ lineItemId, quantity }): SandboxRefundLineItem => {
      const line = order.lineItems.find((l) => l.id === lineItemId);
      if (!line) throw new Error(`order ${orderId} has no line ${lineItemId}`);
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > left(line))
        throw new Error(`line ${lineItemId} has ${left(line)} units left to refund, not ${quantity}`);
      refunded.set(line.id, (refunded.get(line.id) ?? 0) + quantity);
      // The line's price after its share of the discount, pro rata (as the synthetic store's refunds).
      const net = (money: "shopMoney" | "presentmentMoney") =>
        Math.round(
          ((minor(line.originalUnitPriceSet[money].amount) * line.quantity -
            minor(line.totalDiscountSet[money].amount)) *
            quantity) /
            line.quantity,
        );
      const [shop, presentment] = [net("shopMoney"), net("presentmentMoney")];
      const location = restock ? this.fulfilledFrom(line) : null;
      const item = line.variant?.inventoryItem;
      if (restock && location && item?.tracked) stock.push(this.moveStock(item, location, quantity, at));
      return {
        id: `gid://shopify/RefundLineItem/${this.nextRefundLineId++}`,
        lineItem: line,
        quantity,
        subtotalSet: bag(shop, presentment, line.originalUnitPriceSet),
        totalTaxSet: bag(
          Math.round(shop * taxRate("shopMoney")),
          Math.round(presentment * taxRate("presentmentMoney")),
          line.originalUnitPriceSet,
        ),
        restockType: restock ? "RETURN" : "NO_RESTOCK",
        location,
      };
    });
    const refund: SandboxRefund = {
      id: `gid://shopify/Refund/${this.nextRefundId++}`,
      note: options.note ?? null,
      createdAt: time,
      updatedAt: time,
      refundLineItems,
    };
    order.refunds = [...order.refunds, refund];
    order.updatedAt = time;
    order.displayFinancialStatus = order.lineItems.every((l) => left(l) === 0)
      ? "REFUNDED"
      : "PARTIALLY_REFUNDED";
    return {
      value: refund,
      events: [
        { topic: "refunds/create", body: writeJson(refundCreateBody(refund, order)) },
        event("orders/updated", order),
        ...mergeLevels(stock),
      ],
    };
  }

  /** Cancels an order (optionally restocking what was not refunded): orders/cancelled and orders/updated. */
  cancelOrder(orderId: string, options: CancelOptions = {}, at = new Date()): Change<SandboxOrder> {
    const order = this.order(orderId);
    if (order.cancelledAt) throw new Error(`order ${orderId} is already cancelled`);
    const time = this.stamp(at, order.updatedAt);
    order.cancelledAt = time;
    order.cancelReason = options.reason ?? "CUSTOMER";
    order.updatedAt = time;
    const stock: Change<SandboxInventoryLevel>[] = [];
    if (options.restock) {
      for (const line of order.lineItems) {
        const back =
          line.quantity -
          order.refunds
            .flatMap((r) => r.refundLineItems)
            .filter((rl) => rl.lineItem.id === line.id)
            .reduce((sum, rl) => sum + rl.quantity, 0);
        const location = this.fulfilledFrom(line);
        const item = line.variant?.inventoryItem;
        if (back > 0 && location && item?.tracked) stock.push(this.moveStock(item, location, back, at));
      }
    }
    return {
      value: order,
      events: [event("orders/cancelled", order), event("orders/updated", order), ...mergeLevels(stock)],
    };
  }

  /** Deletes an order from the store (the Admin API no longer finds it): orders/delete. */
  deleteOrder(orderId: string): Change<SandboxOrder> {
    const order = this.order(orderId);
    this.store.orders.splice(this.store.orders.indexOf(order), 1);
    return { value: order, events: [{ topic: "orders/delete", body: writeJson(deleteBody(order.id)) }] };
  }

  /** Where a line's units came from: recorded when the sandbox placed it, else the first active level. */
  private fulfilledFrom(line: SandboxLineItem): SandboxLocation | null {
    const recorded = this.lineLocations.get(line.id);
    if (recorded) return recorded;
    const levels = line.variant?.inventoryItem.inventoryLevels ?? [];
    return (levels.find((l) => l.location.isActive) ?? levels[0])?.location ?? null;
  }
}

const event = (topic: StoreEvent["topic"], order: SandboxOrder): StoreEvent => ({
  topic,
  body: writeJson(orderBody(order)),
});

/** One inventory_levels/update per level: when two lines draw on one level, Shopify reports its last state. */
function mergeLevels(changes: Change<SandboxInventoryLevel>[]): StoreEvent[] {
  const last = new Map<SandboxInventoryLevel, StoreEvent>();
  for (const change of changes) {
    last.delete(change.value);
    last.set(change.value, change.events[change.events.length - 1]);
  }
  return [...last.values()];
}
