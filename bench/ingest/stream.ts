/**
 * A seeded stream of store changes, as a busy shop makes them: orders placed (with the stock they take),
 * refunds (some restocked), cancellations, deletions, stock counts, product and customer edits, new customers
 * who then buy. Each change goes through the sandbox's store-change API, which mutates the store and emits its
 * webhooks.
 */
import type { Sandbox } from "../../sandbox/index";
import { seededRandom } from "../../sandbox/index";
import type { SandboxOrder } from "../../sandbox/store/types";

export type ChangeKind =
  | "placeOrder"
  | "refundOrder"
  | "cancelOrder"
  | "deleteOrder"
  | "adjustInventory"
  | "editProduct"
  | "editCustomer"
  | "createCustomer";

/** Share of each kind among changes. */
const MIX: [ChangeKind, number][] = [
  ["placeOrder", 0.4],
  ["adjustInventory", 0.25],
  ["refundOrder", 0.08],
  ["editProduct", 0.1],
  ["editCustomer", 0.1],
  ["cancelOrder", 0.03],
  ["deleteOrder", 0.01],
  ["createCustomer", 0.03],
];

/** Refunds and cancellations touch orders at least this many changes old (their webhooks long delivered). */
const SETTLED_AFTER = 300;

export class ChangeStream {
  readonly counts: Record<ChangeKind, number> = {
    placeOrder: 0,
    refundOrder: 0,
    cancelOrder: 0,
    deleteOrder: 0,
    adjustInventory: 0,
    editProduct: 0,
    editCustomer: 0,
    createCustomer: 0,
  };
  private readonly random: () => number;
  /** Orders that can still be refunded, cancelled or deleted, with the change number that placed them. */
  private readonly orders: { order: SandboxOrder; placedAt: number }[];
  private readonly newCustomers: string[] = [];
  private made = 0;

  constructor(
    private readonly sandbox: Sandbox,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.orders = sandbox.store.orders.map((order) => ({ order, placedAt: -SETTLED_AFTER }));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private kind(): ChangeKind {
    let draw = this.random();
    for (const [kind, share] of MIX) {
      if (draw < share) return kind;
      draw -= share;
    }
    return "placeOrder";
  }

  /** A settled order (placed long enough ago) that `usable` accepts, if one turns up in a few draws. */
  private settledOrder(usable: (order: SandboxOrder) => boolean): SandboxOrder | undefined {
    for (let attempt = 0; attempt < 20; attempt++) {
      const entry = this.pick(this.orders);
      if (entry.placedAt <= this.made - SETTLED_AFTER && usable(entry.order)) return entry.order;
    }
    return undefined;
  }

  /** Makes one change (a placed order when the drawn kind finds nothing to change); returns its kind. */
  next(): ChangeKind {
    let kind = this.kind();
    if (!this.apply(kind)) {
      kind = "placeOrder";
      this.apply(kind);
    }
    this.counts[kind]++;
    this.made++;
    return kind;
  }

  private apply(kind: ChangeKind): boolean {
    const sandbox = this.sandbox;
    const store = sandbox.store;
    switch (kind) {
      case "placeOrder": {
        const customerId =
          this.newCustomers.length > 0 && this.random() < 0.3 ? this.newCustomers.pop() : undefined;
        const order = sandbox.placeOrder(new Date(), { customerId });
        this.orders.push({ order, placedAt: this.made });
        return true;
      }
      case "refundOrder": {
        const refunded = (order: SandboxOrder, lineId: string) =>
          order.refunds
            .flatMap((r) => r.refundLineItems)
            .filter((r) => r.lineItem.id === lineId)
            .reduce((sum, r) => sum + r.quantity, 0);
        const order = this.settledOrder((o) => o.lineItems.some((l) => l.quantity > refunded(o, l.id)));
        if (!order) return false;
        const open = order.lineItems.filter((l) => l.quantity > refunded(order, l.id));
        const everything = this.random() < 0.25;
        const line = this.pick(open);
        const quantity = 1 + Math.floor(this.random() * (line.quantity - refunded(order, line.id)));
        sandbox.refundOrder(order.id, {
          lines: everything ? undefined : [{ lineItemId: line.id, quantity }],
          restock: this.random() < 0.7,
          note: "Returned",
        });
        return true;
      }
      case "cancelOrder": {
        const order = this.settledOrder((o) => o.cancelledAt === null);
        if (!order) return false;
        sandbox.cancelOrder(order.id, { reason: "CUSTOMER", restock: this.random() < 0.5 });
        return true;
      }
      case "deleteOrder": {
        const order = this.settledOrder(() => true);
        if (!order) return false;
        sandbox.deleteOrder(order.id);
        this.orders.splice(
          this.orders.findIndex((e) => e.order === order),
          1,
        );
        return true;
      }
      case "adjustInventory": {
        const product = this.pick(store.products);
        const variant = this.pick(product.variants);
        const levels = variant.inventoryItem.inventoryLevels;
        if (levels.length === 0) return false;
        const level = this.pick(levels);
        const delta =
          this.random() < 0.5 ? -1 - Math.floor(this.random() * 5) : 1 + Math.floor(this.random() * 20);
        sandbox.adjustInventory(variant.inventoryItem.id, level.location.id, delta);
        return true;
      }
      case "editProduct": {
        const product = this.pick(store.products);
        const variant = this.pick(product.variants);
        const cents = Math.round(Number(variant.price) * 100) + (this.random() < 0.5 ? -50 : 50);
        sandbox.editProduct(product.id, {
          title: `${product.title.replace(/ \(edit \d+\)$/, "")} (edit ${this.made})`,
          tags: this.random() < 0.5 ? [...product.tags.filter((t) => t !== "featured"), "featured"] : [],
          prices: { [variant.id]: (Math.max(100, cents) / 100).toFixed(2) },
        });
        return true;
      }
      case "editCustomer": {
        if (store.customers.length === 0) return false;
        const customer = this.pick(store.customers);
        sandbox.editCustomer(customer.id, {
          tags: this.random() < 0.5 ? ["vip"] : ["newsletter", `wave-${this.made % 7}`],
          firstName: `Name ${this.made}`,
        });
        return true;
      }
      case "createCustomer": {
        const customer = sandbox.createCustomer({ firstName: `New ${this.made}`, tags: ["new"] });
        this.newCustomers.push(customer.id);
        return true;
      }
    }
  }
}
