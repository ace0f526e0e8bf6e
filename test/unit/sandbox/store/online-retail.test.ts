import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadOnlineRetailStore, replayOnlineRetail } from "../../../../sandbox/store";
import { readCsv } from "~/lib/csv";
import type { SandboxOrder } from "../../../../sandbox/store/types";

// The slice (67 real rows of data/online-retail) and its expected replay come from
// test/fixtures/sandbox/online-retail-slice.py, which re-implements the mapping of sandbox/README.md in Python
// and converts times with zoneinfo: `python3 test/fixtures/sandbox/online-retail-slice.py`.
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/sandbox/${name}`, import.meta.url));
const slicePath = fixture("online-retail-slice.csv");
const expected = JSON.parse(readFileSync(fixture("online-retail-slice.expected.json"), "utf8"));
const asOf = new Date(expected.asOf);
const INVENTORY_KEYS = ["inventoryDays", "variantsRanOut", "stockoutVariantDays", "lostSalesUnits"];

async function replay() {
  return replayOnlineRetail(readCsv(slicePath), { asOf });
}

function orderSummary(order: SandboxOrder) {
  return {
    id: order.id,
    name: order.name,
    customer: order.customer?.id ?? null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    country: order.customAttributes.find((a) => a.key === "country")?.value,
    lines: order.lineItems.map((line) => ({
      id: line.id,
      sku: line.variant ? line.sku : null,
      quantity: line.quantity,
      unitPrice: line.originalUnitPriceSet.shopMoney.amount,
    })),
    refunds: order.refunds.map((refund) => ({
      id: refund.id,
      note: refund.note,
      createdAt: refund.createdAt,
      lines: refund.refundLineItems.map((r) => ({
        lineItem: r.lineItem.id,
        quantity: r.quantity,
        subtotal: r.subtotalSet.shopMoney.amount,
      })),
    })),
    subtotal: order.subtotalPriceSet.shopMoney.amount,
    shipping: order.totalShippingPriceSet.shopMoney.amount,
    total: order.totalPriceSet.shopMoney.amount,
    displayFinancialStatus: order.displayFinancialStatus,
  };
}

describe("Online Retail replay on a slice of the data set", () => {
  it("counts what it mapped, skipped and could not match exactly as the reference does", async () => {
    const { store } = await replay();
    const counts = Object.fromEntries(
      Object.entries(store.report.counts).filter(([key]) => !INVENTORY_KEYS.includes(key)),
    );
    expect(counts).toEqual(expected.counts);
  });

  it("builds products with variants per stock code, the most frequent price and the family's unit cost", async () => {
    const { store } = await replay();
    const products = store.products.map((p) => ({
      id: p.id,
      title: p.title,
      productType: p.productType,
      variants: p.variants.map((v) => ({
        id: v.id,
        sku: v.sku,
        title: v.title,
        price: v.price,
        unitCost: v.inventoryItem.unitCost?.amount,
      })),
    }));
    expect(products).toEqual(expected.products);
    // 84029E and 84029G (first sold on the same invoice, so in code order) are variants of product 84029;
    // 85123a is read as 85123A.
    const hotWater = store.products.find((p) => p.variants.some((v) => v.sku === "84029E"));
    expect(hotWater?.variants.map((v) => v.sku)).toEqual(["84029E", "84029G"]);
    expect(store.products.flatMap((p) => p.variants).filter((v) => v.sku === "85123A")).toHaveLength(1);
  });

  it("keeps customers with the country of their first invoice, and guests without a customer", async () => {
    const { store } = await replay();
    expect(
      store.customers.map((c) => ({
        id: c.id,
        countryCodeV2: c.defaultAddress?.countryCodeV2,
        createdAt: c.createdAt,
      })),
    ).toEqual(expected.customers);
    const guests = store.orders.filter((o) => o.customer === null);
    expect(guests.map((o) => o.name)).toEqual(["#540116", "#552666", "#564761"]);
  });

  it("maps invoices to orders and credit notes to refunds of the customer's earlier sales", async () => {
    const { store } = await replay();
    expect(store.orders.map(orderSummary)).toEqual(expected.orders);
  });

  it("lists the credit-note lines whose sale it could not find", async () => {
    const { unmatchedReturns } = await replay();
    expect(unmatchedReturns).toEqual(expected.unmatchedReturns);
  });

  it("shifts dates by whole weeks so weekdays are kept and the last day is in the week before asOf", async () => {
    const { store } = await replay();
    expect(store.report.counts.shiftDays % 7).toBe(0);
    // The slice's last row, credit note C579912 of 2011-12-01 08:54 London (a Thursday), becomes Thursday
    // 2026-11-26 08:54 GMT, the last Thursday on or before Sunday 2026-11-29, the day before asOf.
    const refunded = store.orders.find((o) => o.name === "#576275");
    expect(refunded?.refunds[0].createdAt).toBe("2026-11-26T08:54:00Z");
    // A summer invoice keeps its London wall-clock time: 2011-05-19 14:30 BST is 13:30 UTC after the shift.
    expect(store.orders.find((o) => o.name === "#553871")?.createdAt).toBe("2026-05-14T13:30:00Z");
  });

  it("simulates a stock history for every variant from its first appearance, and current levels", async () => {
    const { store } = await replay();
    const variants = store.products.flatMap((p) => p.variants);
    for (const variant of variants) {
      expect(variant.inventoryItem.inventoryLevels).toHaveLength(1);
      const history = store.inventoryHistory.filter((h) => h.variantId === variant.id);
      expect(history.length).toBeGreaterThan(0);
      expect(history[history.length - 1].day).toBe("2026-11-29");
      const available = variant.inventoryItem.inventoryLevels[0].quantities.find(
        (q) => q.name === "available",
      );
      expect(available?.quantity).toBe(history[history.length - 1].available);
      expect(history.every((h) => h.available >= 0)).toBe(true);
    }
  });

  it("loads through loadOnlineRetailStore with a path", async () => {
    const store = await loadOnlineRetailStore({ asOf, path: slicePath });
    expect(store.shop).toMatchObject({
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      myshopifyDomain: "keel-demo.myshopify.com",
    });
    expect(store.orders).toHaveLength(expected.counts.orders);
  });
});
