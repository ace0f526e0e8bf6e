/**
 * The synthetic store: a seeded generator of a shop of any size whose processes are known, so that forecasts,
 * customer models and the backfill can be checked against the truth and benchmarked at scale. The processes and
 * their parameters are listed in sandbox/README.md ("Synthetic store"); the constants below are those.
 */
import {
  MS_PER_DAY,
  MoneyBagCache,
  dayString,
  formatMinor,
  gid,
  isoTime,
  londonDayNumber,
  londonLocalToUtc,
} from "./ids";
import { DEFAULT_POLICY_SETTINGS, stockVariantAt, type PolicySettings } from "./inventory-simulation";
import { createRandom, type Random } from "./random";
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

const SHOP_CURRENCY = "GBP";

/**
 * BG/NBD parameters (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", Marketing Science 24(2),
 * Table 1: the fit on the CDNOW cohort): purchase rate λ ~ Gamma(r, α) per week, dropout p ~ Beta(a, b).
 */
export const BG_NBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** Share of orders placed as guests (no customer), mean extra lines per order (lines = 1 + Poisson). */
export const GUEST_SHARE = 0.2;
export const EXTRA_LINES_MEAN = 4;
/** Quantity per line: 1 + Geometric(p). */
export const QUANTITY_P = 0.6;
/** Share of orders with a discount code, and the code's rates. */
export const DISCOUNT_SHARE = 0.12;
export const DISCOUNT_RATES = [0.1, 0.15];
/** Share of orders with a refund, share of those refunding everything, days from order to refund: 2 + Exp(mean 8). */
export const REFUND_SHARE = 0.06;
export const FULL_REFUND_SHARE = 0.25;
export const REFUND_DELAY_MEAN_DAYS = 8;

/** Orders per weekday (Monday first), relative: busiest on Sunday evening and Monday, quiet on Saturday. */
export const WEEKDAY_INTENSITY = [1.1, 1.0, 1.0, 0.95, 0.9, 0.75, 1.2];
/** Orders per hour of the London day, relative. */
export const HOUR_INTENSITY = [
  0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 0.9, 1.1, 1.2, 1.2, 1.3, 1.2, 1.1, 1.0, 1.0, 1.1, 1.2, 1.4, 1.5,
  1.3, 0.9, 0.5,
];
/** Yearly cycle of the whole shop: 1 + A·cos(2π(dayOfYear − peak)/365.25), and growth per year. */
export const YEARLY_AMPLITUDE = 0.3;
export const YEARLY_PEAK_DAY = 330;
export const GROWTH_PER_YEAR = 0.2;

interface Market {
  country: string;
  share: number;
  currency: string;
  /** Presentment currency units per GBP (fixed: the sandbox has no FX history). */
  rate: number;
  taxRate: number;
  shippingMinor: number;
  freeShippingMinor: number;
  location: number;
}

/** Where customers live, what they pay in, the tax charged (prices exclude tax) and who ships to them. */
// prettier-ignore
export const MARKETS: Market[] = [
  { country: "GB", share: 0.5, currency: "GBP", rate: 1, taxRate: 0.2, shippingMinor: 395, freeShippingMinor: 5000, location: 0 },
  { country: "US", share: 0.15, currency: "USD", rate: 1.27, taxRate: 0, shippingMinor: 795, freeShippingMinor: 7500, location: 2 },
  { country: "DE", share: 0.08, currency: "EUR", rate: 1.17, taxRate: 0.19, shippingMinor: 595, freeShippingMinor: 6000, location: 1 },
  { country: "FR", share: 0.07, currency: "EUR", rate: 1.17, taxRate: 0.2, shippingMinor: 595, freeShippingMinor: 6000, location: 1 },
  { country: "NL", share: 0.05, currency: "EUR", rate: 1.17, taxRate: 0.21, shippingMinor: 495, freeShippingMinor: 6000, location: 1 },
  { country: "IE", share: 0.04, currency: "EUR", rate: 1.17, taxRate: 0.23, shippingMinor: 595, freeShippingMinor: 6000, location: 0 },
  { country: "CA", share: 0.06, currency: "CAD", rate: 1.72, taxRate: 0, shippingMinor: 995, freeShippingMinor: 10000, location: 2 },
  { country: "AU", share: 0.05, currency: "AUD", rate: 1.93, taxRate: 0.1, shippingMinor: 1295, freeShippingMinor: 12000, location: 0 },
];

/** London ships everything; the regional warehouses stock only the best sellers (`regionalShare` of variants). */
const LOCATIONS = [
  { name: "London warehouse", countryCode: "GB" },
  { name: "Rotterdam warehouse", countryCode: "NL" },
  { name: "New Jersey warehouse", countryCode: "US" },
];
const REGIONAL_SHARE = 0.3;

const FAMILIES = [
  { type: "Bags", nouns: ["Tote Bag", "Backpack", "Weekender", "Pouch"], medianMinor: 3500 },
  { type: "Home", nouns: ["Candle", "Cushion", "Throw", "Vase", "Planter"], medianMinor: 2500 },
  { type: "Kitchen", nouns: ["Mug", "Teapot", "Serving Bowl", "Apron", "Tea Towel"], medianMinor: 1800 },
  { type: "Stationery", nouns: ["Notebook", "Card Set", "Planner", "Pen Set"], medianMinor: 1200 },
  { type: "Apparel", nouns: ["Scarf", "Beanie", "Socks", "Gloves"], medianMinor: 2200 },
];
const ADJECTIVES = [
  "Linen",
  "Harbour",
  "Meadow",
  "Nordic",
  "Coastal",
  "Heritage",
  "Moss",
  "Amber",
  "Slate",
  "Willow",
  "Copper",
  "Juniper",
  "Fern",
  "Oat",
  "Indigo",
  "Saffron",
];
const OPTIONS = [
  ["Small", "Medium", "Large", "Extra Large"],
  ["Sand", "Sage", "Navy", "Rust"],
];
const FIRST_NAMES = [
  "Amelia",
  "Oliver",
  "Isla",
  "Noah",
  "Ava",
  "Leo",
  "Mia",
  "Arthur",
  "Freya",
  "Jack",
  "Chloé",
  "Lukas",
  "Emma",
  "Liam",
  "Sofia",
  "Finn",
];
const LAST_NAMES = [
  "Smith",
  "Jones",
  "Taylor",
  "Brown",
  "Müller",
  "Martin",
  "de Vries",
  "Murphy",
  "Wilson",
  "Roy",
  "Walker",
  "Bernard",
  "Schmidt",
  "Kelly",
  "Clarke",
  "Evans",
];

export interface SyntheticOptions {
  /** Number of orders to generate (order lines ≈ orders × (1 + EXTRA_LINES_MEAN)). */
  orders: number;
  seed: number;
  /** The generated history ends on the London day before this instant. */
  asOf: Date;
  /** Days of history (default 730: two years, so that yearly seasonality can be seen and fitted). */
  days?: number;
  shopDomain?: string;
  inventory?: PolicySettings;
}

interface ProductPlan {
  weight: number;
  amplitude: number;
  peakDay: number;
  trendPerYear: number;
  launchDay: number;
}

/**
 * Generates a store; the same options give an identical store.
 * @example
 * const store = generateSyntheticStore({ orders: 250_000, seed: 7, asOf: new Date("2026-11-30T00:00:00Z") });
 */
export function generateSyntheticStore(options: SyntheticOptions): SandboxStore {
  const random = createRandom(options.seed);
  const catalogRandom = random.fork(1);
  const customerRandom = random.fork(2);
  const basketRandom = random.fork(3);
  const refundRandom = random.fork(4);
  const orderCount = Math.max(0, Math.floor(options.orders));
  const days = Math.max(7, Math.floor(options.days ?? 730));
  const lastDay = londonDayNumber(options.asOf.getTime()) - 1;
  const firstDay = lastDay - days + 1;
  const dayStrings = Array.from({ length: days }, (_, d) => dayString(firstDay + d));
  const localMidnight = (d: number) => (firstDay + d) * MS_PER_DAY;
  const startIso = isoTime(londonLocalToUtc(localMidnight(0)));
  const bags = new MoneyBagCache();
  const counts: Record<string, number> = {};
  const count = (key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);

  const domain = options.shopDomain ?? "keel-synthetic.myshopify.com";
  const shop = {
    id: gid("Shop", 2),
    name: "Keel Synthetic Outfitters",
    email: `owner@${domain}`,
    myshopifyDomain: domain,
    currencyCode: SHOP_CURRENCY,
    ianaTimezone: "Europe/London",
    plan: { displayName: "Shopify" },
  };
  const locations: SandboxLocation[] = LOCATIONS.map((l, i) => ({
    id: gid("Location", i + 1),
    name: l.name,
    isActive: true,
    fulfillsOnlineOrders: true,
    address: { countryCode: l.countryCode },
    createdAt: startIso,
    updatedAt: startIso,
  }));

  // --- Catalog: popularity with a long tail, yearly seasonality, trend and launch day per product.
  const productCount = Math.max(10, Math.min(600, Math.round(1.2 * Math.sqrt(orderCount))));
  const products: SandboxProduct[] = [];
  const plans: ProductPlan[] = [];
  const variants: SandboxVariant[] = [];
  const variantShare: number[] = [];
  const variantProduct: number[] = [];
  const variantPriceMinor: number[] = [];
  const lineNames: string[] = [];
  for (let p = 0; p < productCount; p++) {
    const family = FAMILIES[catalogRandom.int(FAMILIES.length)];
    const title = `${ADJECTIVES[catalogRandom.int(ADJECTIVES.length)]} ${family.nouns[catalogRandom.int(family.nouns.length)]}`;
    // Long tail: log-normal popularity, and a third of the catalog sells only now and then.
    const intermittent = catalogRandom.next() < 0.35;
    const weight = Math.exp(1.2 * catalogRandom.normal()) * (intermittent ? 0.03 : 1);
    const kind = catalogRandom.next();
    const amplitude =
      kind < 0.4
        ? 0.5 + 0.4 * catalogRandom.next()
        : kind < 0.6
          ? 0.3 + 0.5 * catalogRandom.next()
          : 0.15 * catalogRandom.next();
    const peakDay = kind < 0.4 ? 345 : kind < 0.6 ? 180 : catalogRandom.int(365);
    const trendPerYear = 0.4 * catalogRandom.normal();
    const launchDay = catalogRandom.next() < 0.75 ? 0 : catalogRandom.int(days);
    plans.push({ weight, amplitude, peakDay, trendPerYear, launchDay });
    const priceMinor = snapPrice(family.medianMinor * Math.exp(0.5 * catalogRandom.normal()));
    const margin = 0.4 + 0.3 * catalogRandom.next();
    const createdAt = isoTime(londonLocalToUtc(localMidnight(launchDay) + 9 * 3_600_000));
    const product: SandboxProduct = {
      id: gid("Product", p + 1),
      title,
      handle: `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${p + 1}`,
      vendor: "Keel Synthetic Outfitters",
      productType: family.type,
      status: "ACTIVE",
      tags: intermittent ? ["slow-mover"] : [],
      variants: [],
      createdAt,
      updatedAt: createdAt,
    };
    const optionSet = OPTIONS[catalogRandom.int(OPTIONS.length)];
    const variantCount = catalogRandom.next() < 0.4 ? 2 + catalogRandom.int(3) : 1;
    const shares = Array.from({ length: variantCount }, () => catalogRandom.gamma(2, 1));
    const shareSum = shares.reduce((a, b) => a + b, 0);
    for (let v = 0; v < variantCount; v++) {
      const number = variants.length + 1;
      const sku = `SYN-${String(p + 1).padStart(4, "0")}-${v + 1}`;
      const variantTitle = variantCount === 1 ? "Default Title" : optionSet[v];
      const variant: SandboxVariant = {
        id: gid("ProductVariant", number),
        title: variantTitle,
        sku,
        barcode: null,
        price: formatMinor(priceMinor),
        compareAtPrice: null,
        position: v + 1,
        inventoryItem: {
          id: gid("InventoryItem", number),
          sku,
          tracked: true,
          unitCost: bags.get(Math.round(priceMinor * (1 - margin)), SHOP_CURRENCY).shopMoney,
          inventoryLevels: [],
          createdAt,
          updatedAt: createdAt,
        },
        createdAt,
        updatedAt: createdAt,
      };
      product.variants.push(variant);
      variants.push(variant);
      variantShare.push(shares[v] / shareSum);
      variantProduct.push(p);
      variantPriceMinor.push(priceMinor);
      lineNames.push(variantCount === 1 ? title : `${title} - ${variantTitle}`);
    }
    products.push(product);
  }

  // Each day's cumulative variant weights, for choosing a basket's items on that day.
  const variantCount = variants.length;
  const cumulative = new Float64Array(days * variantCount);
  for (let d = 0; d < days; d++) {
    const dayOfYear = dayOfYearOf(firstDay + d);
    const years = d / 365.25;
    let running = 0;
    for (let v = 0; v < variantCount; v++) {
      const plan = plans[variantProduct[v]];
      if (d >= plan.launchDay) {
        const season = 1 + plan.amplitude * Math.cos((2 * Math.PI * (dayOfYear - plan.peakDay)) / 365.25);
        running += plan.weight * variantShare[v] * season * Math.exp(plan.trendPerYear * years);
      }
      cumulative[d * variantCount + v] = running;
    }
  }

  // --- The shop's clock: calendar intensity per day, so that Poisson processes in "operational time" (where the
  // intensity is 1) become weekly- and yearly-seasonal orders with growth once mapped back to the calendar.
  const intensityCumulative = new Float64Array(days + 1);
  for (let d = 0; d < days; d++) {
    const dayNumber = firstDay + d;
    const weekday = (new Date(dayNumber * MS_PER_DAY).getUTCDay() + 6) % 7;
    const yearly =
      1 + YEARLY_AMPLITUDE * Math.cos((2 * Math.PI * (dayOfYearOf(dayNumber) - YEARLY_PEAK_DAY)) / 365.25);
    intensityCumulative[d + 1] =
      intensityCumulative[d] + WEEKDAY_INTENSITY[weekday] * yearly * Math.exp(GROWTH_PER_YEAR * (d / 365.25));
  }
  const intensityScale = days / intensityCumulative[days];
  for (let d = 0; d <= days; d++) intensityCumulative[d] *= intensityScale;
  const hourCumulative: number[] = [0];
  for (const h of HOUR_INTENSITY) hourCumulative.push(hourCumulative[hourCumulative.length - 1] + h);
  const hourTotal = hourCumulative[24];
  /** Calendar local ms (and day index) of an operational time in [0, days). */
  const calendarOf = (operationalDays: number): { localMs: number; day: number } => {
    let low = 0;
    let high = days - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (intensityCumulative[mid] <= operationalDays) low = mid;
      else high = mid - 1;
    }
    const width = intensityCumulative[low + 1] - intensityCumulative[low];
    const fraction = Math.min(0.999999, Math.max(0, (operationalDays - intensityCumulative[low]) / width));
    const target = fraction * hourTotal;
    let hour = 0;
    while (hour < 23 && hourCumulative[hour + 1] <= target) hour++;
    const within = (target - hourCumulative[hour]) / HOUR_INTENSITY[hour];
    const seconds = Math.floor((hour + Math.min(0.9997, within)) * 3600);
    return { localMs: localMidnight(low) + seconds * 1000, day: low };
  };

  // --- Customers: BG/NBD in operational weeks. First purchase uniform over the period; then purchases at rate λ
  // while alive; after each repeat purchase the customer drops out with probability p.
  const guestOrders = Math.round(GUEST_SHARE * orderCount);
  const registeredOrders = orderCount - guestOrders;
  const orderTimes = new Float64Array(orderCount);
  const orderCustomer = new Int32Array(orderCount);
  const customerMarket: number[] = [];
  const customerFirst: number[] = [];
  let filled = 0;
  const horizonWeeks = days / 7;
  while (filled < registeredOrders) {
    const c = customerMarket.length;
    customerMarket.push(pickMarket(customerRandom));
    const rate = customerRandom.gamma(BG_NBD.r, BG_NBD.alpha);
    const dropout = customerRandom.beta(BG_NBD.a, BG_NBD.b);
    let week = customerRandom.next() * horizonWeeks;
    customerFirst.push(week * 7);
    orderTimes[filled] = week * 7;
    orderCustomer[filled++] = c;
    while (filled < registeredOrders) {
      week += customerRandom.exponential(rate);
      if (week >= horizonWeeks) break;
      orderTimes[filled] = week * 7;
      orderCustomer[filled++] = c;
      if (customerRandom.next() < dropout) break;
    }
  }
  while (filled < orderCount) {
    orderTimes[filled] = customerRandom.next() * days;
    orderCustomer[filled++] = -1 - pickMarket(customerRandom);
  }

  // Customer ids follow their first purchase, as a shop numbers its customers.
  const customerRank = Array.from({ length: customerMarket.length }, (_, i) => i).sort(
    (a, b) => customerFirst[a] - customerFirst[b] || a - b,
  );
  const customers: SandboxCustomer[] = new Array(customerMarket.length);
  customerRank.forEach((c, rank) => {
    const createdAt = isoTime(londonLocalToUtc(calendarOf(customerFirst[c]).localMs));
    const firstName = FIRST_NAMES[customerRandom.int(FIRST_NAMES.length)];
    const lastName = LAST_NAMES[customerRandom.int(LAST_NAMES.length)];
    const number = rank + 1;
    customers[c] = {
      id: gid("Customer", number),
      email: `shopper-${number}@example.com`,
      firstName,
      lastName,
      phone: null,
      defaultAddress: { city: null, province: null, countryCodeV2: MARKETS[customerMarket[c]].country },
      state: customerRandom.next() < 0.3 ? "ENABLED" : "DISABLED",
      tags: [],
      emailMarketingConsent: {
        marketingState: customerRandom.next() < 0.35 ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
      },
      createdAt,
      updatedAt: createdAt,
    };
  });

  // --- Orders in time order.
  const sequence = Int32Array.from({ length: orderCount }, (_, i) => i).sort(
    (a, b) => orderTimes[a] - orderTimes[b] || a - b,
  );
  const regional = regionalVariants(plans, variantProduct, variantShare);
  const demand = new Map<number, Int32Array>();
  const restocks = new Map<number, Int32Array>();
  const addUnits = (
    map: Map<number, Int32Array>,
    v: number,
    location: number,
    day: number,
    units: number,
  ) => {
    const key = v * LOCATIONS.length + location;
    let series = map.get(key);
    if (!series) map.set(key, (series = new Int32Array(days)));
    series[day] += units;
  };
  const endOfHistoryUtc = londonLocalToUtc(localMidnight(days));
  const orders: SandboxOrder[] = new Array(orderCount);
  const emptyAttributes: SandboxOrder["customAttributes"] = [];
  let lineNumber = 0;
  let refundNumber = 0;
  let refundLineNumber = 0;
  const chosen = new Set<number>();
  const repeatCustomers = new Set<number>();
  const seenCustomers = new Set<number>();

  for (let k = 0; k < orderCount; k++) {
    const source = sequence[k];
    const customerIndex = orderCustomer[source];
    const customer = customerIndex >= 0 ? customers[customerIndex] : null;
    const market = MARKETS[customerIndex >= 0 ? customerMarket[customerIndex] : -1 - customerIndex];
    if (customerIndex >= 0) {
      if (seenCustomers.has(customerIndex)) repeatCustomers.add(customerIndex);
      seenCustomers.add(customerIndex);
    }
    const { localMs, day } = calendarOf(orderTimes[source]);
    const createdUtc = londonLocalToUtc(localMs);
    const createdAt = isoTime(createdUtc);
    const currency = market.currency;

    const lineCount = 1 + basketRandom.poisson(EXTRA_LINES_MEAN);
    chosen.clear();
    const lineItems: SandboxLineItem[] = [];
    const lineShop: number[] = [];
    const linePresentment: number[] = [];
    const lineVariant: number[] = [];
    const dayTotal = cumulative[day * variantCount + variantCount - 1];
    for (let i = 0; i < lineCount; i++) {
      let v = -1;
      for (let attempt = 0; attempt < 5 && (v < 0 || chosen.has(v)); attempt++) {
        v = pickVariant(cumulative, day * variantCount, variantCount, basketRandom.next() * dayTotal);
      }
      if (chosen.has(v)) continue;
      chosen.add(v);
      const quantity = 1 + basketRandom.geometric(QUANTITY_P);
      const unitShop = variantPriceMinor[v];
      const unitPresentment = Math.round(unitShop * market.rate);
      const variant = variants[v];
      lineItems.push({
        id: gid("LineItem", ++lineNumber),
        variant,
        product: products[variantProduct[v]],
        sku: variant.sku,
        title: products[variantProduct[v]].title,
        name: lineNames[v],
        quantity,
        originalUnitPriceSet: bags.get(unitShop, SHOP_CURRENCY, unitPresentment, currency),
        totalDiscountSet: bags.get(0, SHOP_CURRENCY, 0, currency),
      });
      lineShop.push(unitShop * quantity);
      linePresentment.push(unitPresentment * quantity);
      lineVariant.push(v);
      const location = market.location !== 0 && regional[v] ? market.location : 0;
      addUnits(demand, v, location, day, quantity);
    }

    const grossShop = sum(lineShop);
    const grossPresentment = sum(linePresentment);
    const discountRate =
      basketRandom.next() < DISCOUNT_SHARE ? DISCOUNT_RATES[basketRandom.int(DISCOUNT_RATES.length)] : 0;
    const discountShop = Math.round(grossShop * discountRate);
    const discountPresentment = Math.round(grossPresentment * discountRate);
    const lineDiscountShop = allocate(discountShop, lineShop);
    const lineDiscountPresentment = allocate(discountPresentment, linePresentment);
    if (discountRate > 0) {
      count("discountedOrders");
      lineItems.forEach((line, i) => {
        line.totalDiscountSet = bags.bag(
          lineDiscountShop[i],
          SHOP_CURRENCY,
          lineDiscountPresentment[i],
          currency,
        );
      });
    }
    // Shopify's subtotal is after discounts (Admin schema: "the sum of the prices for all line items after
    // discounts"); total = subtotal + shipping + tax, prices exclude tax.
    const subtotalShop = grossShop - discountShop;
    const subtotalPresentment = grossPresentment - discountPresentment;
    const freeShipping = subtotalPresentment >= market.freeShippingMinor;
    const shippingPresentment = freeShipping ? 0 : market.shippingMinor;
    const shippingShop = Math.round(shippingPresentment / market.rate);
    const taxShop = Math.round(subtotalShop * market.taxRate);
    const taxPresentment = Math.round(subtotalPresentment * market.taxRate);
    const fulfilledFrom = locations[market.location];
    // Order totals are mostly unique: cache only zeros, and let an equal total share the subtotal's bag.
    const orderBag = (shopMinor: number, presentmentMinor: number) =>
      shopMinor === 0 && presentmentMinor === 0
        ? bags.get(0, SHOP_CURRENCY, 0, currency)
        : bags.bag(shopMinor, SHOP_CURRENCY, presentmentMinor, currency);
    const subtotalSet = orderBag(subtotalShop, subtotalPresentment);
    const totalShop = subtotalShop + shippingShop + taxShop;
    const totalPresentment = subtotalPresentment + shippingPresentment + taxPresentment;

    const order: SandboxOrder = {
      id: gid("Order", k + 1),
      name: `#${1001 + k}`,
      email: customer?.email ?? null,
      customer,
      sourceName: market.country === "GB" && basketRandom.next() < 0.05 ? "pos" : "web",
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "FULFILLED",
      currencyCode: SHOP_CURRENCY,
      subtotalPriceSet: subtotalSet,
      totalDiscountsSet: orderBag(discountShop, discountPresentment),
      // Shipping fees are a handful of fixed amounts per market.
      totalShippingPriceSet: bags.get(shippingShop, SHOP_CURRENCY, shippingPresentment, currency),
      totalTaxSet: orderBag(taxShop, taxPresentment),
      totalPriceSet:
        totalShop === subtotalShop && totalPresentment === subtotalPresentment
          ? subtotalSet
          : orderBag(totalShop, totalPresentment),
      test: false,
      tags: [],
      customAttributes: emptyAttributes,
      createdAt,
      processedAt: createdAt,
      cancelledAt: null,
      cancelReason: null,
      updatedAt: createdAt,
      // An exact-size copy: an array grown by push keeps spare capacity, a real cost over 200,000 orders.
      lineItems: lineItems.slice(),
      refunds: [],
    };

    // Refunds: some orders send back part of one line, a few everything, days after the order.
    if (refundRandom.next() < REFUND_SHARE) {
      const refundUtc = createdUtc + (2 + refundRandom.exponential(1 / REFUND_DELAY_MEAN_DAYS)) * MS_PER_DAY;
      const everything = refundRandom.next() < FULL_REFUND_SHARE;
      const picked = refundRandom.int(lineItems.length);
      const partQuantity = 1 + refundRandom.int(lineItems[picked].quantity);
      if (refundUtc < endOfHistoryUtc) {
        const refundedAt = isoTime(refundUtc);
        const refundDay = Math.min(days - 1, londonDayNumber(refundUtc) - firstDay);
        const refund: SandboxRefund = {
          id: gid("Refund", ++refundNumber),
          note: everything ? "Returned in full" : "Returned",
          createdAt: refundedAt,
          updatedAt: refundedAt,
          refundLineItems: [],
        };
        lineItems.forEach((line, i) => {
          if (!everything && i !== picked) return;
          const quantity = everything ? line.quantity : partQuantity;
          // Pays back the line's price after its share of the discount, pro rata, with its tax.
          const netShop = Math.round(((lineShop[i] - lineDiscountShop[i]) * quantity) / line.quantity);
          const netPresentment = Math.round(
            ((linePresentment[i] - lineDiscountPresentment[i]) * quantity) / line.quantity,
          );
          refund.refundLineItems.push({
            id: gid("RefundLineItem", ++refundLineNumber),
            lineItem: line,
            quantity,
            subtotalSet: bags.bag(netShop, SHOP_CURRENCY, netPresentment, currency),
            totalTaxSet: bags.bag(
              Math.round(netShop * market.taxRate),
              SHOP_CURRENCY,
              Math.round(netPresentment * market.taxRate),
              currency,
            ),
            restockType: "RETURN",
            location: fulfilledFrom,
          });
          const v = lineVariant[i];
          const location = market.location !== 0 && regional[v] ? market.location : 0;
          addUnits(restocks, v, location, refundDay, quantity);
        });
        order.refunds.push(refund);
        order.updatedAt = refundedAt;
        const all = everything || (lineItems.length === 1 && partQuantity === lineItems[0].quantity);
        order.displayFinancialStatus = all ? "REFUNDED" : "PARTIALLY_REFUNDED";
        count("refunds");
        count("refundLineItems", refund.refundLineItems.length);
      }
    }
    orders[k] = order;
    count("lineItems", lineItems.length);
    count(`ordersByCurrency.${currency}`);
    if (!customer) count("guestOrders");
  }
  counts.customersWithRepeatPurchase = repeatCustomers.size;

  // --- Inventory: every variant at London, the regional best sellers also at Rotterdam and New Jersey.
  const history: SandboxInventoryDay[] = [];
  const settings = options.inventory ?? DEFAULT_POLICY_SETTINGS;
  const nowIso = isoTime(endOfHistoryUtc - 1000);
  const empty = new Int32Array(days);
  let ranOut = 0;
  let stockoutDays = 0;
  for (let v = 0; v < variantCount; v++) {
    const variant = variants[v];
    const launchDay = plans[variantProduct[v]].launchDay;
    for (let l = 0; l < LOCATIONS.length; l++) {
      if (l !== 0 && !regional[v]) continue;
      const key = v * LOCATIONS.length + l;
      const { level, simulation } = stockVariantAt({
        variant,
        location: locations[l],
        levelId: `${gid("InventoryLevel", l + 1)}?inventory_item_id=${v + 1}`,
        demand: demand.get(key) ?? empty,
        restocked: restocks.get(key),
        firstDay: launchDay,
        dayStrings,
        settings,
        updatedAt: nowIso,
        history,
      });
      variant.inventoryItem.inventoryLevels.push(level);
      if (simulation.stockoutDays > 0) ranOut++;
      stockoutDays += simulation.stockoutDays;
    }
  }

  count("products", products.length);
  count("variants", variantCount);
  count("customers", customers.length);
  count("orders", orderCount);
  count("inventoryDays", history.length);
  count(
    "stockedVariantLocations",
    variants.reduce((n, v) => n + v.inventoryItem.inventoryLevels.length, 0),
  );
  count("variantLocationsRanOut", ranOut);
  count("stockoutVariantDays", stockoutDays);
  return {
    shop,
    locations,
    products,
    customers,
    orders,
    inventoryHistory: history,
    report: {
      source: "synthetic",
      counts,
      notes: [
        `seed ${options.seed}, ${days} days from ${dayStrings[0]} to ${dayStrings[days - 1]}`,
        `BG/NBD r=${BG_NBD.r} alpha=${BG_NBD.alpha} a=${BG_NBD.a} b=${BG_NBD.b} (per week), guests ${GUEST_SHARE}`,
      ],
    },
  };
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Splits `total` over `weights` in proportion, in whole minor units that add up to `total` exactly. */
function allocate(total: number, weights: number[]): number[] {
  const weightSum = sum(weights);
  const shares = weights.map((w) => (weightSum > 0 ? Math.floor((total * w) / weightSum) : 0));
  if (shares.length > 0) shares[shares.length - 1] += total - sum(shares);
  return shares;
}

/** Prices end in .99 above £5, .50 or .00 below, never under £1.99. */
function snapPrice(minor: number): number {
  if (minor >= 500) return Math.max(599, Math.round(minor / 100) * 100 - 1);
  return Math.max(199, Math.round(minor / 50) * 50);
}

function dayOfYearOf(dayNumber: number): number {
  const date = new Date(dayNumber * MS_PER_DAY);
  return Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / MS_PER_DAY) + 1;
}

function pickMarket(random: Random): number {
  let u = random.next();
  for (let i = 0; i < MARKETS.length; i++) {
    u -= MARKETS[i].share;
    if (u < 0) return i;
  }
  return 0;
}

function pickVariant(cumulative: Float64Array, offset: number, count: number, target: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[offset + mid] > target) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The best sellers by overall weight: the share of variants the regional warehouses carry. */
function regionalVariants(plans: ProductPlan[], variantProduct: number[], variantShare: number[]): boolean[] {
  const weights = variantProduct.map((p, v) => plans[p].weight * variantShare[v]);
  const ranked = weights.map((_, v) => v).sort((a, b) => weights[b] - weights[a] || a - b);
  const carried = new Array<boolean>(weights.length).fill(false);
  ranked.slice(0, Math.ceil(REGIONAL_SHARE * ranked.length)).forEach((v) => (carried[v] = true));
  return carried;
}
