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

// The shift's expectations are derived here from the slice's CSV and the platform's time-zone data (Intl), not
// from sandbox/store/ids.ts: the London wall-clock time of an instant, and day arithmetic on `YYYY-MM-DD`.
const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
/** `YYYY-MM-DD HH:MM:SS` in London of an instant. */
function londonWallClock(instant: string | Date): string {
  const p = Object.fromEntries(LONDON.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
/** The London day before asOf's London day. */
const yesterdayOf = (when: Date) => addDays(londonWallClock(when).slice(0, 10), -1);
/** A data time (`2011-12-01 08:54:00`, London wall clock) moved by whole days, time of day kept. */
const shiftLocal = (local: string, days: number) => `${addDays(local.slice(0, 10), days)} ${local.slice(11)}`;

async function sliceRows(): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const { fields } of readCsv(slicePath)) rows.push(fields);
  return rows;
}

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

  it("simulates a stock history for every variant from its first appearance, and current levels", async () => {
    const { store } = await replay();
    const variants = store.products.flatMap((p) => p.variants);
    for (const variant of variants) {
      expect(variant.inventoryItem.inventoryLevels).toHaveLength(1);
      const history = store.inventoryHistory.filter((h) => h.variantId === variant.id);
      expect(history.length).toBeGreaterThan(0);
      expect(history[history.length - 1].day).toBe(yesterdayOf(asOf));
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

describe("Online Retail replay: the date shift", () => {
  // Other asOfs than the fixture's: 23:30 UTC on a summer day, when London (BST) is already on the next day, and
  // one whose yesterday is a Saturday (the data's closed day). None of the three shifts is a whole number of
  // weeks, so a rule that kept weekdays would have put the last transaction 2 to 6 days earlier.
  const asOfs = [expected.asOf, "2026-07-15T23:30:00Z", "2027-03-28T12:00:00Z"];

  it.each(asOfs)(
    "puts the last transaction on yesterday for asOf %s, keeping every time of day",
    async (when) => {
      const rows = await sliceRows();
      const lastLocal = rows.map((r) => r.InvoiceDate).reduce((a, b) => (b > a ? b : a));
      const yesterday = yesterdayOf(new Date(when));
      const shiftDays = daysBetween(lastLocal.slice(0, 10), yesterday);
      expect(shiftDays % 7).not.toBe(0);

      const { store, unmatchedReturns } = await replayOnlineRetail(readCsv(slicePath), {
        asOf: new Date(when),
      });
      expect(store.report.counts.shiftDays).toBe(shiftDays);

      // Every order, refund and unmatched return is at its data time moved by shiftDays, in London wall-clock time.
      const firstTime = new Map<string, string>();
      for (const r of rows) if (!firstTime.has(r.InvoiceNo)) firstTime.set(r.InvoiceNo, r.InvoiceDate);
      const times: string[] = [];
      for (const order of store.orders) {
        expect(londonWallClock(order.createdAt)).toBe(
          shiftLocal(firstTime.get(order.name.slice(1))!, shiftDays),
        );
        times.push(order.createdAt);
        for (const refund of order.refunds) {
          const creditNote = refund.note!.replace("Credit note ", "");
          expect(londonWallClock(refund.createdAt)).toBe(shiftLocal(firstTime.get(creditNote)!, shiftDays));
          times.push(refund.createdAt);
        }
      }
      for (const r of unmatchedReturns) {
        expect(londonWallClock(r.processedAt)).toBe(shiftLocal(firstTime.get(r.invoiceNo)!, shiftDays));
        times.push(r.processedAt);
      }

      // The latest of them (credit note C579912 of 2011-12-01 08:54) is on yesterday at the data's time of day.
      const latest = times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
      expect(londonWallClock(latest)).toBe(`${yesterday} ${lastLocal.slice(11)}`);
      expect(store.inventoryHistory.at(-1)?.day).toBe(yesterday);
    },
  );

  it("puts the latest order on yesterday when the data ends with a sale", async () => {
    // Without the credit notes the slice ends with invoice 576275 (2011-11-14 14:28, a Monday).
    const sales = (await sliceRows()).filter((r) => !r.InvoiceNo.startsWith("C"));
    const lastLocal = sales.map((r) => r.InvoiceDate).reduce((a, b) => (b > a ? b : a));
    for (const when of asOfs) {
      const source = sales.map((fields, i) => ({ line: i + 2, fields }));
      const { store } = await replayOnlineRetail(source, { asOf: new Date(when) });
      const latest = store.orders
        .map((o) => o.createdAt)
        .reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
      expect(londonWallClock(latest)).toBe(`${yesterdayOf(new Date(when))} ${lastLocal.slice(11)}`);
    }
  });

  it("converts the shifted London time to UTC with UK summer time", async () => {
    // Expected instants from Python's zoneinfo, e.g. for the first:
    // python3 -c "from datetime import *; from zoneinfo import ZoneInfo; print((datetime(2011,12,1,8,54)
    //   + timedelta(days=5477)).replace(tzinfo=ZoneInfo('Europe/London')).astimezone(timezone.utc))"
    // where 5477 = (2026-11-29 - 2011-12-01).days.
    const { store } = await replay();
    // Credit note C579912, 2011-12-01 08:54 (a Thursday): Sunday 2026-11-29 08:54 GMT, the day before asOf.
    const refunded = store.orders.find((o) => o.name === "#576275");
    expect(refunded?.refunds[0].createdAt).toBe("2026-11-29T08:54:00Z");
    // A summer invoice keeps its London wall-clock time: 2011-05-19 14:30 BST is 13:30 UTC after the shift.
    expect(store.orders.find((o) => o.name === "#553871")?.createdAt).toBe("2026-05-17T13:30:00Z");
    // With asOf in summer the same credit note is at 08:54 BST on 2026-07-15 (shift 5340 days).
    const summer = await replayOnlineRetail(readCsv(slicePath), { asOf: new Date("2026-07-15T23:30:00Z") });
    const summerRefund = summer.store.orders.find((o) => o.name === "#576275")?.refunds[0];
    expect(summerRefund?.createdAt).toBe("2026-07-15T07:54:00Z");
  });
});
