/**
 * The Online Retail replay: a year of a real UK gift retailer's transactions (UCI "Online Retail", CC BY 4.0,
 * data/online-retail) turned into one Shopify shop. The mapping, its rules and the counts it produces are
 * written down in sandbox/README.md; every rule below is the one described there.
 */
import type { CsvRow } from "../../app/lib/csv";
import {
  MS_PER_DAY,
  MoneyBagCache,
  dayString,
  formatMinor,
  gid,
  isoTime,
  londonDayNumber,
  londonLocalToUtc,
  parseMinor,
} from "./ids";
import { DEFAULT_POLICY_SETTINGS, stockVariantAt, type PolicySettings } from "./inventory-simulation";
import type {
  SandboxCustomer,
  SandboxInventoryDay,
  SandboxLineItem,
  SandboxLocation,
  SandboxOrder,
  SandboxProduct,
  SandboxRefund,
  SandboxStore,
  SandboxVariant,
} from "./types";

const CURRENCY = "GBP";

/** What each non-product stock code becomes. Every other code is a product's variant. */
export const ADJUSTMENT_CODES: Record<string, "shipping" | "custom" | "skip"> = {
  POST: "shipping", // "POSTAGE"
  DOT: "shipping", // "DOTCOM POSTAGE"
  C2: "shipping", // "CARRIAGE"
  M: "custom", // "Manual": a line typed in by staff, kept as a custom line item (no variant)
  D: "skip", // "Discount" credited on a C invoice after the sale: a Refund has no field for it
  S: "skip", // "SAMPLES": credits for samples, not a sale of an item
  "BANK CHARGES": "skip", // a fee, not a sale
  AMAZONFEE: "skip", // a marketplace fee, not a sale
  CRUK: "skip", // "CRUK Commission": a charity commission
  B: "skip", // "Adjust bad debt" (the A invoices)
};

/** ISO 3166 codes of the data set's country names (EIRE is Ireland, RSA South Africa). */
// prettier-ignore
const COUNTRY_CODES: Record<string, string | null> = {
  Australia: "AU", Austria: "AT", Bahrain: "BH", Belgium: "BE", Brazil: "BR", Canada: "CA",
  "Channel Islands": "JE", Cyprus: "CY", "Czech Republic": "CZ", Denmark: "DK", EIRE: "IE",
  "European Community": null, Finland: "FI", France: "FR", Germany: "DE", Greece: "GR", "Hong Kong": "HK",
  Iceland: "IS", Israel: "IL", Italy: "IT", Japan: "JP", Lebanon: "LB", Lithuania: "LT", Malta: "MT",
  Netherlands: "NL", Norway: "NO", Poland: "PL", Portugal: "PT", RSA: "ZA", "Saudi Arabia": "SA",
  Singapore: "SG", Spain: "ES", Sweden: "SE", Switzerland: "CH", USA: "US", "United Arab Emirates": "AE",
  "United Kingdom": "GB", Unspecified: null,
};

/**
 * Product families: the first family with a word of the stock code or title that starts with one of its
 * keywords. The family's gross margin sets the unit cost: unitCost = price × (100 − marginPercent) / 100,
 * rounded half up to the penny. Margins are typical of a gift wholesaler (stationery and jewellery richest,
 * kitchenware leanest); gift vouchers cost nothing to make.
 */
export const PRODUCT_FAMILIES: { type: string; keywords: string[]; marginPercent: number }[] = [
  { type: "Gift voucher", keywords: ["GIFT_", "VOUCHER"], marginPercent: 100 },
  { type: "Christmas", keywords: ["CHRISTMAS", "XMAS", "ADVENT"], marginPercent: 60 },
  {
    type: "Stationery",
    keywords: ["CARD", "WRAP", "PAPER", "STICKER", "NOTEBOOK", "PENCIL"],
    marginPercent: 65,
  },
  { type: "Jewellery", keywords: ["NECKLACE", "BRACELET", "EARRING", "RING"], marginPercent: 65 },
  { type: "Bags", keywords: ["BAG"], marginPercent: 55 },
  { type: "Lighting", keywords: ["CANDLE", "T-LIGHT", "LANTERN", "LIGHT"], marginPercent: 55 },
  {
    type: "Kitchen",
    keywords: ["MUG", "CUP", "PLATE", "BOWL", "JAR", "TEA", "CAKE", "BAKING", "LUNCH"],
    marginPercent: 50,
  },
  {
    type: "Home decor",
    keywords: ["SIGN", "FRAME", "CLOCK", "CUSHION", "DOORMAT", "HOOK", "HANGER"],
    marginPercent: 55,
  },
];
const DEFAULT_FAMILY = { type: "Gifts", marginPercent: 55 };

export interface OnlineRetailOptions {
  /** The replay's "now": the last order lands on the day before this instant's London day. */
  asOf: Date;
  shopDomain?: string;
  inventory?: PolicySettings;
}

/** A credit-note line whose original sale could not be found (kept here: a Refund needs its order). */
export interface UnmatchedReturn {
  invoiceNo: string;
  stockCode: string;
  customerId: number | null;
  quantity: number;
  unitPrice: string;
  processedAt: string;
  reason: "guest" | "no-earlier-sale";
}

export interface OnlineRetailReplay {
  store: SandboxStore;
  unmatchedReturns: UnmatchedReturn[];
}

interface Row {
  invoiceNo: string;
  code: string;
  quantity: number;
  priceMinor: number;
  localMs: number;
  customerId: number;
  country: string;
}

interface CodeStats {
  firstLocalMs: number;
  descriptions: Map<string, number>;
  prices: Map<number, number>;
}

interface SaleRef {
  order: SandboxOrder;
  line: SandboxLineItem;
  unitMinor: number;
  refundable: number;
}

function mostFrequent<K>(counts: Map<K, number>, better: (a: K, b: K) => boolean): K | undefined {
  let best: K | undefined;
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && better(key, best))) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

function parseLocalMs(text: string): number {
  return Date.UTC(
    Number(text.slice(0, 4)),
    Number(text.slice(5, 7)) - 1,
    Number(text.slice(8, 10)),
    Number(text.slice(11, 13)),
    Number(text.slice(14, 16)),
    Number(text.slice(17, 19)),
  );
}

function productBase(code: string): string {
  const match = /^(\d{5})[A-Z]*$/.exec(code);
  return match ? match[1] : code;
}

function familyOf(code: string, title: string) {
  const words = `${code} ${title}`.toUpperCase().split(/[^A-Z0-9_-]+/);
  return (
    PRODUCT_FAMILIES.find((family) => family.keywords.some((k) => words.some((w) => w.startsWith(k)))) ??
    DEFAULT_FAMILY
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

class Counter {
  readonly counts: Record<string, number> = {};
  add(key: string, by = 1) {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }
}

/**
 * Builds the replay from the data set's rows (as `readCsv` yields them). Pure given its inputs.
 * @example
 * const { store } = await replayOnlineRetail(readCsv("data/online-retail/online-retail.csv.gz"), { asOf });
 */
export async function replayOnlineRetail(
  source: AsyncIterable<CsvRow> | Iterable<CsvRow>,
  options: OnlineRetailOptions,
): Promise<OnlineRetailReplay> {
  const counter = new Counter();
  const rows: Row[] = [];
  const codeStats = new Map<string, CodeStats>();
  const customerCountry = new Map<number, string>();
  const customerFirstMs = new Map<number, number>();
  const timeCache = new Map<string, number>();
  const strings = new Map<string, string>();
  const intern = (s: string) => strings.get(s) ?? (strings.set(s, s), s);

  for await (const { fields } of source) {
    counter.add("rows");
    const code = intern(fields.StockCode.trim().toUpperCase());
    const quantity = Number(fields.Quantity);
    const priceMinor = parseMinor(fields.UnitPrice);
    let localMs = timeCache.get(fields.InvoiceDate);
    if (localMs === undefined) {
      localMs = parseLocalMs(fields.InvoiceDate);
      timeCache.set(fields.InvoiceDate, localMs);
    }
    const customerId = fields.CustomerID ? Math.round(Number(fields.CustomerID)) : 0;
    const country = intern(fields.Country);
    rows.push({
      invoiceNo: intern(fields.InvoiceNo),
      code,
      quantity,
      priceMinor,
      localMs,
      customerId,
      country,
    });
    if (customerId && !customerCountry.has(customerId)) {
      customerCountry.set(customerId, country);
      customerFirstMs.set(customerId, localMs);
    }
    if (ADJUSTMENT_CODES[code]) continue;
    let stats = codeStats.get(code);
    if (!stats) {
      stats = { firstLocalMs: localMs, descriptions: new Map(), prices: new Map() };
      codeStats.set(code, stats);
    }
    // Titles and prices come from real sales only: zero-price and negative lines carry notes like "damaged".
    if (quantity > 0 && priceMinor > 0 && !fields.InvoiceNo.startsWith("C")) {
      const description = fields.Description.trim();
      if (description) stats.descriptions.set(description, (stats.descriptions.get(description) ?? 0) + 1);
      stats.prices.set(priceMinor, (stats.prices.get(priceMinor) ?? 0) + 1);
    }
  }

  // The last transaction's London day becomes yesterday (the day before asOf's London day); times of day are
  // kept. A shift by any number of days, so weekdays are not kept: the data's closed day (Saturday) moves too.
  let lastLocalMs = -Infinity;
  let firstLocalMs = Infinity;
  for (const row of rows) {
    if (row.localMs > lastLocalMs) lastLocalMs = row.localMs;
    if (row.localMs < firstLocalMs) firstLocalMs = row.localMs;
  }
  if (rows.length === 0) lastLocalMs = firstLocalMs = Date.UTC(2011, 11, 9);
  const yesterday = londonDayNumber(options.asOf.getTime()) - 1;
  const lastDay = Math.floor(lastLocalMs / MS_PER_DAY);
  const shiftDays = yesterday - lastDay;
  const shiftMs = shiftDays * MS_PER_DAY;
  const utcOf = (localMs: number) => londonLocalToUtc(localMs + shiftMs);
  const isoCache = new Map<number, string>();
  const isoOf = (localMs: number) => {
    let iso = isoCache.get(localMs);
    if (iso === undefined) {
      iso = isoTime(utcOf(localMs));
      isoCache.set(localMs, iso);
    }
    return iso;
  };
  counter.add("shiftDays", shiftDays);

  const domain = options.shopDomain ?? "keel-demo.myshopify.com";
  const shop = {
    id: gid("Shop", 1),
    name: "Keel Demo Gifts",
    email: `owner@${domain}`,
    myshopifyDomain: domain,
    currencyCode: CURRENCY,
    ianaTimezone: "Europe/London",
    plan: { displayName: "Basic" },
  };
  const firstIso = isoOf(firstLocalMs);
  const location: SandboxLocation = {
    id: gid("Location", 1),
    name: "Warehouse",
    isActive: true,
    fulfillsOnlineOrders: true,
    address: { countryCode: "GB" },
    createdAt: firstIso,
    updatedAt: firstIso,
  };
  const bags = new MoneyBagCache();
  const zero = bags.get(0, CURRENCY);

  // Catalog: a product per five-digit base code, a variant per full code (85123A is a variant of 85123).
  const products: SandboxProduct[] = [];
  const productByCode = new Map<string, SandboxProduct>();
  const variantByCode = new Map<string, SandboxVariant>();
  const lineNameByCode = new Map<string, string>();
  const codesByBase = new Map<string, string[]>();
  const sortedCodes = [...codeStats.keys()].sort(
    (a, b) => codeStats.get(a)!.firstLocalMs - codeStats.get(b)!.firstLocalMs || (a < b ? -1 : 1),
  );
  for (const code of sortedCodes) {
    const base = productBase(code);
    const list = codesByBase.get(base) ?? [];
    list.push(code);
    codesByBase.set(base, list);
  }
  let variantNumber = 0;
  const describe = (code: string) => mostFrequent(codeStats.get(code)!.descriptions, (a, b) => a < b) ?? code;
  for (const [base, codes] of codesByBase) {
    const stats = codes.map((code) => codeStats.get(code)!);
    const salesOf = (s: CodeStats) => [...s.prices.values()].reduce((a, b) => a + b, 0);
    const best = codes.reduce(
      (a, b, i) => (salesOf(stats[i]) > salesOf(codeStats.get(a)!) ? b : a),
      codes[0],
    );
    const title = describe(best);
    const family = familyOf(codes[0], title);
    const createdAt = isoOf(stats[0].firstLocalMs);
    const product: SandboxProduct = {
      id: gid("Product", products.length + 1),
      title,
      handle: `${slug(title) || "item"}-${slug(base)}`,
      vendor: "Keel Demo Gifts",
      productType: family.type,
      status: "ACTIVE",
      tags: [],
      variants: [],
      createdAt,
      updatedAt: createdAt,
    };
    for (const code of codes) {
      variantNumber++;
      const codeStat = codeStats.get(code)!;
      // The price is the most frequent unit price of real sales (ties: the lower price).
      const priceMinor = mostFrequent(codeStat.prices, (a, b) => a < b) ?? 0;
      const variantCreatedAt = isoOf(codeStat.firstLocalMs);
      const variantTitle = codes.length === 1 ? "Default Title" : describe(code);
      const variant: SandboxVariant = {
        id: gid("ProductVariant", variantNumber),
        title: variantTitle,
        sku: code,
        barcode: null,
        price: formatMinor(priceMinor),
        compareAtPrice: null,
        position: product.variants.length + 1,
        inventoryItem: {
          id: gid("InventoryItem", variantNumber),
          sku: code,
          tracked: true,
          unitCost: bags.money(Math.round((priceMinor * (100 - family.marginPercent)) / 100), CURRENCY),
          inventoryLevels: [],
          createdAt: variantCreatedAt,
          updatedAt: variantCreatedAt,
        },
        createdAt: variantCreatedAt,
        updatedAt: variantCreatedAt,
      };
      product.variants.push(variant);
      variantByCode.set(code, variant);
      lineNameByCode.set(code, codes.length === 1 ? title : `${title} - ${variantTitle}`);
      productByCode.set(code, product);
    }
    products.push(product);
  }

  // Customers, with the country of their first invoice.
  const customers: SandboxCustomer[] = [];
  const customerById = new Map<number, SandboxCustomer>();
  const customerIds = [...customerFirstMs.keys()].sort(
    (a, b) => customerFirstMs.get(a)! - customerFirstMs.get(b)! || a - b,
  );
  for (const id of customerIds) {
    const createdAt = isoOf(customerFirstMs.get(id)!);
    const country = customerCountry.get(id)!;
    const customer: SandboxCustomer = {
      id: gid("Customer", id),
      email: `customer-${id}@example.com`,
      firstName: null,
      lastName: null,
      phone: null,
      defaultAddress: { city: null, province: null, countryCodeV2: COUNTRY_CODES[country] ?? null },
      state: "DISABLED",
      tags: [],
      emailMarketingConsent: { marketingState: "NOT_SUBSCRIBED" },
      createdAt,
      updatedAt: createdAt,
    };
    customers.push(customer);
    customerById.set(id, customer);
  }

  // Invoices in time order (then by number), so every credit note meets the sales it may refund.
  const invoices = new Map<string, Row[]>();
  for (const row of rows) {
    const list = invoices.get(row.invoiceNo);
    if (list) list.push(row);
    else invoices.set(row.invoiceNo, [row]);
  }
  const invoiceOrder = [...invoices.entries()].sort(
    (a, b) => a[1][0].localMs - b[1][0].localMs || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );

  const firstDayNumber = Math.floor(firstLocalMs / MS_PER_DAY);
  const dayCount = yesterday - shiftDays - firstDayNumber + 1;
  const dayIndexOf = (localMs: number) => Math.floor(localMs / MS_PER_DAY) - firstDayNumber;
  const demand = new Map<SandboxVariant, Int32Array>();
  const restocked = new Map<SandboxVariant, Int32Array>();
  const addUnits = (
    map: Map<SandboxVariant, Int32Array>,
    variant: SandboxVariant,
    localMs: number,
    units: number,
  ) => {
    let series = map.get(variant);
    if (!series) {
      series = new Int32Array(Math.max(1, dayCount));
      map.set(variant, series);
    }
    const day = dayIndexOf(localMs);
    if (day >= 0 && day < series.length) series[day] += units;
  };

  const orders: SandboxOrder[] = [];
  const salesByCustomer = new Map<number, Map<string, SaleRef[]>>();
  const unmatchedReturns: UnmatchedReturn[] = [];
  let lineItemNumber = 0;
  let lineItemCount = 0;
  let customLineCount = 0;
  let zeroPriceCount = 0;
  let refundNumber = 0;
  let refundLineNumber = 0;

  for (const [invoiceNo, lines] of invoiceOrder) {
    if (invoiceNo.startsWith("C")) {
      creditNote(invoiceNo, lines);
      continue;
    }
    const order = saleInvoice(invoiceNo, lines);
    if (order) orders.push(order);
    else counter.add("invoicesWithoutOrder");
  }

  function saleInvoice(invoiceNo: string, lines: Row[]): SandboxOrder | null {
    const head = lines[0];
    const createdAt = isoOf(head.localMs);
    const customer = head.customerId ? customerById.get(head.customerId)! : null;
    const order: SandboxOrder = {
      id: gid("Order", /^\d+$/.test(invoiceNo) ? invoiceNo : orders.length + 1),
      name: `#${invoiceNo}`,
      email: customer?.email ?? null,
      customer,
      sourceName: "web",
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "FULFILLED",
      currencyCode: CURRENCY,
      subtotalPriceSet: zero,
      totalDiscountsSet: zero,
      totalShippingPriceSet: zero,
      totalTaxSet: zero,
      totalPriceSet: zero,
      test: false,
      tags: [],
      // The data's country of the invoice, which is the only address a guest order has.
      customAttributes: [{ key: "country", value: head.country }],
      createdAt,
      processedAt: createdAt,
      cancelledAt: null,
      cancelReason: null,
      updatedAt: createdAt,
      lineItems: [],
      refunds: [],
    };
    let subtotal = 0;
    let shipping = 0;
    let hasShipping = false;
    for (const row of lines) {
      const kind = ADJUSTMENT_CODES[row.code];
      if (row.quantity <= 0) {
        // Negative quantities outside credit notes are stock write-offs ("damaged", "thrown away", "check"):
        // they leave the shelf without a sale, so they feed the inventory simulation, not an order.
        const variant = variantByCode.get(row.code);
        if (variant && row.quantity < 0) {
          addUnits(demand, variant, row.localMs, -row.quantity);
          counter.add("writeOffLines");
          counter.add("writeOffUnits", -row.quantity);
        } else counter.add(`skippedLines.${row.code}`);
        continue;
      }
      if (kind === "skip") {
        counter.add(`skippedLines.${row.code}`);
        continue;
      }
      if (kind === "shipping") {
        shipping += row.quantity * row.priceMinor;
        hasShipping = true;
        counter.add("shippingLines");
        continue;
      }
      if (row.priceMinor < 0) {
        counter.add(`skippedLines.${row.code}`);
        continue;
      }
      const variant = variantByCode.get(row.code) ?? null;
      const product = variant ? productByCode.get(row.code)! : null;
      const line: SandboxLineItem = {
        id: gid("LineItem", ++lineItemNumber),
        variant,
        product,
        sku: variant ? row.code : null,
        title: product ? product.title : "Manual",
        name: variant ? lineNameByCode.get(row.code)! : "Manual",
        quantity: row.quantity,
        originalUnitPriceSet: bags.get(row.priceMinor, CURRENCY),
        totalDiscountSet: zero,
      };
      order.lineItems.push(line);
      subtotal += row.quantity * row.priceMinor;
      lineItemCount++;
      if (!variant) customLineCount++;
      if (row.priceMinor === 0) zeroPriceCount++;
      if (variant) addUnits(demand, variant, row.localMs, row.quantity);
      if (customer) {
        let byCode = salesByCustomer.get(head.customerId);
        if (!byCode) salesByCustomer.set(head.customerId, (byCode = new Map()));
        const refs = byCode.get(row.code) ?? [];
        refs.push({ order, line, unitMinor: row.priceMinor, refundable: row.quantity });
        byCode.set(row.code, refs);
      }
    }
    if (order.lineItems.length === 0 && !hasShipping) return null;
    if (order.lineItems.length === 0) counter.add("shippingOnlyOrders");
    order.subtotalPriceSet = bags.get(subtotal, CURRENCY);
    order.totalShippingPriceSet = bags.get(shipping, CURRENCY);
    order.totalPriceSet = bags.get(subtotal + shipping, CURRENCY);
    counter.add("orders");
    if (!customer) counter.add("guestOrders");
    if (subtotal + shipping === 0) counter.add("zeroTotalOrders");
    return order;
  }

  function creditNote(invoiceNo: string, lines: Row[]) {
    counter.add("creditNotes");
    const refundsByOrder = new Map<SandboxOrder, SandboxRefund>();
    for (const row of lines) {
      const kind = ADJUSTMENT_CODES[row.code];
      if (kind === "skip") {
        counter.add(`skippedLines.${row.code}`);
        continue;
      }
      if (kind === "shipping") {
        // Shopify refunds shipping through Refund.refundShippingLines, which SandboxRefund does not carry.
        counter.add("shippingRefundLinesSkipped");
        continue;
      }
      counter.add("returnLines");
      let wanted = Math.abs(row.quantity);
      const refs = row.customerId ? salesByCustomer.get(row.customerId)?.get(row.code) : undefined;
      // Earlier sales of the item to this customer, most recent first: those at the credit note's unit price
      // first (the data has re-priced lines corrected by a credit note), then any other.
      const candidates = refs ? [...refs].reverse() : [];
      candidates.sort(
        (x, y) => Number(x.unitMinor !== row.priceMinor) - Number(y.unitMinor !== row.priceMinor),
      );
      for (const ref of candidates) {
        if (wanted === 0) break;
        if (ref.refundable === 0) continue;
        const quantity = Math.min(wanted, ref.refundable);
        ref.refundable -= quantity;
        wanted -= quantity;
        let refund = refundsByOrder.get(ref.order);
        if (!refund) {
          const createdAt = isoOf(row.localMs);
          refund = {
            id: gid("Refund", ++refundNumber),
            note: `Credit note ${invoiceNo}`,
            createdAt,
            updatedAt: createdAt,
            refundLineItems: [],
          };
          refundsByOrder.set(ref.order, refund);
          ref.order.refunds.push(refund);
          ref.order.updatedAt = createdAt;
          counter.add("refunds");
        }
        refund.refundLineItems.push({
          id: gid("RefundLineItem", ++refundLineNumber),
          lineItem: ref.line,
          quantity,
          // At the price of the original sale: a refund never pays back more than the line cost.
          subtotalSet: bags.get(ref.unitMinor * quantity, CURRENCY),
          totalTaxSet: zero,
          restockType: "RETURN",
          location,
        });
        counter.add("refundLineItems");
        if (ref.line.variant) addUnits(restocked, ref.line.variant, row.localMs, quantity);
      }
      const asked = Math.abs(row.quantity);
      if (wanted === asked) counter.add("returnLinesUnmatched");
      else if (wanted > 0) counter.add("returnLinesPartlyMatched");
      else counter.add("returnLinesMatched");
      if (wanted > 0) {
        counter.add("returnUnitsUnmatched", wanted);
        counter.add("returnValueUnmatchedMinor", wanted * row.priceMinor);
        if (!row.customerId) counter.add("returnLinesUnmatchedGuest");
        unmatchedReturns.push({
          invoiceNo,
          stockCode: row.code,
          customerId: row.customerId || null,
          quantity: wanted,
          unitPrice: bags.get(row.priceMinor, CURRENCY).shopMoney.amount,
          processedAt: isoOf(row.localMs),
          reason: row.customerId ? "no-earlier-sale" : "guest",
        });
      }
    }
  }

  for (const order of orders) {
    if (order.refunds.length === 0) continue;
    let sold = 0;
    let returned = 0;
    for (const line of order.lineItems) sold += line.quantity;
    for (const refund of order.refunds) for (const r of refund.refundLineItems) returned += r.quantity;
    order.displayFinancialStatus = returned >= sold ? "REFUNDED" : "PARTIALLY_REFUNDED";
  }

  // Inventory: one warehouse, each variant simulated from the day it first appeared to yesterday.
  const dayStrings: string[] = [];
  for (let d = 0; d < dayCount; d++) dayStrings.push(dayString(firstDayNumber + shiftDays + d));
  const history: SandboxInventoryDay[] = [];
  const settings = options.inventory ?? DEFAULT_POLICY_SETTINGS;
  const nowIso = isoOf(lastLocalMs);
  const empty = new Int32Array(Math.max(1, dayCount));
  let variantsRanOut = 0;
  let stockoutDays = 0;
  let lostUnits = 0;
  for (const product of products) {
    for (const variant of product.variants) {
      const firstDay = Math.max(0, dayIndexOf(codeStats.get(variant.sku!)!.firstLocalMs));
      const { level, simulation } = stockVariantAt({
        variant,
        location,
        levelId: `${gid("InventoryLevel", 1)}?inventory_item_id=${variant.inventoryItem.id.split("/").pop()}`,
        demand: demand.get(variant) ?? empty,
        restocked: restocked.get(variant),
        firstDay: Math.min(firstDay, Math.max(0, dayCount - 1)),
        dayStrings,
        settings,
        updatedAt: nowIso,
        history,
      });
      variant.inventoryItem.inventoryLevels.push(level);
      if (simulation.stockoutDays > 0) variantsRanOut++;
      stockoutDays += simulation.stockoutDays;
      lostUnits += simulation.lostUnits;
    }
  }

  if (lineItemCount) counter.add("lineItems", lineItemCount);
  if (customLineCount) counter.add("customLineItems", customLineCount);
  if (zeroPriceCount) counter.add("zeroPriceLines", zeroPriceCount);
  counter.add("rows", 0); // present even for an empty source
  counter.add("products", products.length);
  counter.add("variants", variantByCode.size);
  counter.add("customers", customers.length);
  counter.add("unmatchedReturns", unmatchedReturns.length);
  counter.add("inventoryDays", history.length);
  counter.add("variantsRanOut", variantsRanOut);
  counter.add("stockoutVariantDays", stockoutDays);
  counter.add("lostSalesUnits", lostUnits);
  const store: SandboxStore = {
    shop,
    locations: [location],
    products,
    customers,
    orders,
    inventoryHistory: history,
    report: {
      source: "online-retail",
      counts: counter.counts,
      notes: [
        `Dates shifted by ${shiftDays} days so that the last transaction falls on ` +
          `${dayString(lastDay + shiftDays)}, the day before asOf (weekdays are not kept).`,
        "Prices and amounts are in GBP as in the data; the data has no tax, discount or currency other than GBP.",
        "Credit-note lines whose sale cannot be found are listed in unmatchedReturns, not made into orders.",
      ],
    },
  };
  return { store, unmatchedReturns };
}
