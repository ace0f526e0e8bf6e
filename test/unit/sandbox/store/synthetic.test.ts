import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateSyntheticStore } from "../../../../sandbox/store";
import type { MoneyBag, SandboxStore } from "../../../../sandbox/store/types";

const asOf = new Date("2026-11-30T10:00:00Z");
const MONEY = /^-?\d+\.\d{2}$/;
const minor = (amount: string) => Math.round(Number(amount) * 100);

// Loops collect problems and assert once: an expect() per line of thousands of orders is slow.
const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok && problems.length < 20) problems.push(what);
};

/** Checks both sides of a bag and returns [shop, presentment] in minor units. */
function amounts(bag: MoneyBag, shopCurrency: string): [number, number] {
  check(
    MONEY.test(bag.shopMoney.amount) && MONEY.test(bag.presentmentMoney.amount),
    `money ${JSON.stringify(bag)}`,
  );
  check(bag.shopMoney.currencyCode === shopCurrency, `shop currency ${bag.shopMoney.currencyCode}`);
  return [minor(bag.shopMoney.amount), minor(bag.presentmentMoney.amount)];
}

describe("synthetic store generator", () => {
  it("is deterministic: the same seed gives an identical store, another seed a different one", () => {
    const a = generateSyntheticStore({ orders: 300, seed: 42, asOf });
    const b = generateSyntheticStore({ orders: 300, seed: 42, asOf });
    const c = generateSyntheticStore({ orders: 300, seed: 43, asOf });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    expect(c.orders).toHaveLength(300);
  });

  describe("internal consistency", () => {
    const store: SandboxStore = generateSyntheticStore({ orders: 3000, seed: 7, asOf });
    const shopCurrency = store.shop.currencyCode;
    beforeEach(() => {
      problems.length = 0;
    });
    afterEach(() => {
      expect(problems).toEqual([]);
    });

    it("has exactly the orders asked for, in time order, before asOf", () => {
      expect(store.orders).toHaveLength(3000);
      for (let i = 1; i < store.orders.length; i++) {
        check(store.orders[i].createdAt >= store.orders[i - 1].createdAt, `order ${i} out of time order`);
      }
      expect(store.orders[store.orders.length - 1].createdAt < "2026-11-30T00:00:00Z").toBe(true);
      for (const order of store.orders) {
        check(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(order.createdAt), `time ${order.createdAt}`);
      }
    });

    it("uses unique global ids", () => {
      const ids = [
        ...store.products.map((p) => p.id),
        ...store.products.flatMap((p) => p.variants.map((v) => v.id)),
        ...store.customers.map((c) => c.id),
        ...store.orders.map((o) => o.id),
        ...store.orders.flatMap((o) => o.lineItems.map((l) => l.id)),
        ...store.orders.flatMap((o) => o.refunds.map((r) => r.id)),
      ];
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => /^gid:\/\/shopify\/[A-Za-z]+\/\d+$/.test(id))).toBe(true);
    });

    it("references only variants, products and customers of the store", () => {
      const variants = new Set(store.products.flatMap((p) => p.variants));
      const products = new Set(store.products);
      const customers = new Set(store.customers);
      for (const order of store.orders) {
        if (order.customer) check(customers.has(order.customer), `customer of ${order.name}`);
        for (const line of order.lineItems) {
          check(line.variant !== null && variants.has(line.variant), `variant of ${line.id}`);
          check(line.product !== null && products.has(line.product), `product of ${line.id}`);
          check(line.product?.variants.includes(line.variant!) === true, `variant of its product ${line.id}`);
        }
      }
    });

    it("adds up: Σ lines − discounts = subtotal, subtotal + shipping + tax = total, in both currencies", () => {
      // Shopify's subtotalPriceSet is after discounts (Admin schema 2025-01: "The sum of the prices for all line
      // items after discounts and before returns"), so the discounts are taken off before the subtotal.
      for (const order of store.orders) {
        const gross = [0, 0];
        const lineDiscounts = [0, 0];
        for (const line of order.lineItems) {
          const unit = amounts(line.originalUnitPriceSet, shopCurrency);
          const discount = amounts(line.totalDiscountSet, shopCurrency);
          for (const side of [0, 1]) {
            gross[side] += unit[side] * line.quantity;
            lineDiscounts[side] += discount[side];
          }
          check(
            line.originalUnitPriceSet.presentmentMoney.currencyCode ===
              order.subtotalPriceSet.presentmentMoney.currencyCode,
            `presentment currency of ${line.id}`,
          );
        }
        const subtotal = amounts(order.subtotalPriceSet, shopCurrency);
        const discounts = amounts(order.totalDiscountsSet, shopCurrency);
        const shipping = amounts(order.totalShippingPriceSet, shopCurrency);
        const tax = amounts(order.totalTaxSet, shopCurrency);
        const total = amounts(order.totalPriceSet, shopCurrency);
        for (const side of [0, 1]) {
          check(lineDiscounts[side] === discounts[side], `line discounts of ${order.name}`);
          check(gross[side] - discounts[side] === subtotal[side], `subtotal of ${order.name}`);
          check(subtotal[side] + shipping[side] + tax[side] === total[side], `total of ${order.name}`);
          check(
            Math.min(subtotal[side], shipping[side], tax[side], discounts[side]) >= 0,
            `sign in ${order.name}`,
          );
        }
      }
    });

    it("refunds only lines of their own order, after the order, within what was bought", () => {
      let refunds = 0;
      for (const order of store.orders) {
        const refunded = new Map<unknown, number>();
        for (const refund of order.refunds) {
          refunds++;
          check(refund.createdAt > order.createdAt, `refund before its order ${order.name}`);
          check(refund.createdAt < "2026-11-30T00:00:00Z", `refund after asOf ${order.name}`);
          for (const line of refund.refundLineItems) {
            check(order.lineItems.includes(line.lineItem), `refund line of another order in ${order.name}`);
            refunded.set(line.lineItem, (refunded.get(line.lineItem) ?? 0) + line.quantity);
            const [subtotal] = amounts(line.subtotalSet, shopCurrency);
            check(subtotal >= 0, `negative refund in ${order.name}`);
            amounts(line.totalTaxSet, shopCurrency);
          }
        }
        for (const [line, quantity] of refunded) {
          check(
            quantity <= (line as { quantity: number }).quantity,
            `refunded more than bought in ${order.name}`,
          );
        }
        const status = order.displayFinancialStatus;
        if (order.refunds.length === 0) check(status === "PAID", `status of ${order.name}`);
        else check(status === "REFUNDED" || status === "PARTIALLY_REFUNDED", `status of ${order.name}`);
      }
      expect(refunds).toBe(store.report.counts.refunds);
      expect(refunds).toBeGreaterThan(0);
    });

    it("sells in several currencies from several locations, with guests and repeat customers", () => {
      const currencies = new Set(store.orders.map((o) => o.totalPriceSet.presentmentMoney.currencyCode));
      expect([...currencies].sort()).toEqual(["AUD", "CAD", "EUR", "GBP", "USD"]);
      expect(store.locations.map((l) => l.address.countryCode)).toEqual(["GB", "NL", "US"]);
      const guests = store.orders.filter((o) => o.customer === null).length;
      expect(guests).toBe(600); // GUEST_SHARE 0.2 of 3000, exactly by construction
      expect(store.report.counts.customersWithRepeatPurchase).toBeGreaterThan(0);
    });

    it("keeps a non-negative stock history that ends yesterday, and current levels equal to its last day", () => {
      const lastDay = new Map<string, { day: string; available: number }>();
      for (const day of store.inventoryHistory) {
        check(day.available >= 0, `negative stock ${JSON.stringify(day)}`);
        lastDay.set(`${day.variantId} ${day.locationId}`, day);
      }
      for (const variant of store.products.flatMap((p) => p.variants)) {
        check(variant.inventoryItem.inventoryLevels.length >= 1, `no level for ${variant.id}`);
        for (const level of variant.inventoryItem.inventoryLevels) {
          const last = lastDay.get(`${variant.id} ${level.location.id}`);
          check(last?.day === "2026-11-29", `history of ${variant.id} ends ${last?.day}`);
          const available = level.quantities.find((q) => q.name === "available")?.quantity;
          check(available === last?.available, `level of ${variant.id} at ${level.location.name}`);
        }
      }
    });
  });

  it("gives customers the BG/NBD number of repeat purchases", () => {
    // Fader, Hardie & Lee (2005) eq. (9) with the CDNOW parameters, averaged over a first purchase uniform in
    // the 730-day history: 1.351093 repeat purchases per customer (scipy quad + hyp2f1,
    // `python3 test/fixtures/sandbox/bgnbd-expected.py`). Tolerance: four standard errors of the sample mean.
    const store = generateSyntheticStore({ orders: 20_000, seed: 11, asOf });
    const ordersPerCustomer = new Map<string, number>();
    for (const order of store.orders) {
      if (!order.customer) continue;
      ordersPerCustomer.set(order.customer.id, (ordersPerCustomer.get(order.customer.id) ?? 0) + 1);
    }
    const repeats = [...ordersPerCustomer.values()].map((n) => n - 1);
    const mean = repeats.reduce((a, b) => a + b, 0) / repeats.length;
    const variance = repeats.reduce((a, b) => a + (b - mean) ** 2, 0) / (repeats.length - 1);
    const standardError = Math.sqrt(variance / repeats.length);
    expect(Math.abs(mean - 1.351093)).toBeLessThan(4 * standardError);
  });
});
