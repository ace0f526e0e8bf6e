/**
 * Changes to the sandbox store while it runs, as a shop's life makes them: the demo's live orders and the orders
 * tests place. A new order copies a past order's basket (so products, prices and customers stay the store's own)
 * under new ids, at the given time.
 */
import type { SandboxOrder, SandboxStore } from "../store/types";

const numericId = (gid: string) => BigInt(gid.slice(gid.lastIndexOf("/") + 1));

export class StoreChanges {
  private nextOrderId: bigint;
  private nextLineId: bigint;
  private nextName: number;
  private turn = 0;

  constructor(private readonly store: SandboxStore) {
    let order = 0n;
    let line = 0n;
    for (const o of store.orders) {
      const id = numericId(o.id);
      if (id > order) order = id;
      for (const l of o.lineItems) {
        const lineId = numericId(l.id);
        if (lineId > line) line = lineId;
      }
    }
    this.nextOrderId = order + 1n;
    this.nextLineId = line + 1n;
    this.nextName = 1001 + store.orders.length;
  }

  /** Places an order now: a copy of a past order's basket and customer, new ids, no refunds. */
  placeOrder(at: Date): SandboxOrder {
    const templates = this.store.orders.filter(
      (o) => o.cancelledAt === null && !o.test && o.lineItems.length > 0,
    );
    if (templates.length === 0) throw new Error("the store has no order to take a basket from");
    // Walks through the past orders in a fixed stride: deterministic, and varied enough for a demo.
    const template = templates[(this.turn++ * 7919) % templates.length];
    const time = at.toISOString();
    const order: SandboxOrder = {
      ...template,
      id: `gid://shopify/Order/${this.nextOrderId++}`,
      name: `#${this.nextName++}`,
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
    return order;
  }
}
