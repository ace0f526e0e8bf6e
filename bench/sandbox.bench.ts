/**
 * `npx tsx bench/sandbox.bench.ts`: how fast the sandbox store writes bulk operation JSONL (not a test).
 * Builds a synthetic store inline (--lines N order lines, default 1,000,000, about 4 lines per order), runs the
 * bulk query an orders backfill sends through the real HTTP endpoint, polls until COMPLETED, then streams
 * the result file back and counts its lines. Prints lines/s for generation and download, file size and the
 * process's peak RSS (which includes the store itself).
 */
import { parseArgs } from "node:util";
import { startSandbox } from "../sandbox/index";
import type { MoneyBag, SandboxOrder, SandboxProduct, SandboxStore } from "../sandbox/store/types";

const { values } = parseArgs({ options: { lines: { type: "string", default: "1000000" } } });
const targetLines = Number(values.lines);

// Prices and money bags are shared between lines (as interned values would be), so the store's size is
// dominated by the objects the bulk query walks, not by duplicated strings.
const moneyCache = new Map<string, MoneyBag>();
const money = (amount: string): MoneyBag => {
  let bag = moneyCache.get(amount);
  if (!bag) {
    bag = { shopMoney: { amount, currencyCode: "GBP" }, presentmentMoney: { amount, currencyCode: "GBP" } };
    moneyCache.set(amount, bag);
  }
  return bag;
};

function syntheticStore(lines: number): SandboxStore {
  const created = "2025-01-01T00:00:00Z";
  const location = {
    id: "gid://shopify/Location/1",
    name: "Warehouse",
    isActive: true,
    fulfillsOnlineOrders: true,
    address: { countryCode: "GB" },
    createdAt: created,
    updatedAt: created,
  };
  const products: SandboxProduct[] = Array.from({ length: 2000 }, (_, p) => ({
    id: `gid://shopify/Product/${p + 1}`,
    title: `Product ${p + 1}`,
    handle: `product-${p + 1}`,
    vendor: "Bench",
    productType: "Goods",
    status: "ACTIVE",
    tags: [],
    createdAt: created,
    updatedAt: created,
    variants: [
      {
        id: `gid://shopify/ProductVariant/${p + 1}`,
        title: "Default Title",
        sku: `SKU-${p + 1}`,
        barcode: null,
        price: ((p % 50) + 0.99).toFixed(2),
        compareAtPrice: null,
        position: 1,
        createdAt: created,
        updatedAt: created,
        inventoryItem: {
          id: `gid://shopify/InventoryItem/${p + 1}`,
          sku: `SKU-${p + 1}`,
          tracked: true,
          unitCost: null,
          inventoryLevels: [],
          createdAt: created,
          updatedAt: created,
        },
      },
    ],
  }));
  const orders: SandboxOrder[] = [];
  let lineId = 0;
  for (let o = 0; lineId < lines; o++) {
    const count = Math.min(1 + (o % 7), lines - lineId); // 1..7 lines, 4 on average
    const time = new Date(Date.UTC(2025, 0, 1) + o * 60_000).toISOString();
    const lineItems = Array.from({ length: count }, (_, l) => {
      lineId += 1;
      const product = products[(o * 7 + l * 13) % products.length];
      const variant = product.variants[0];
      return {
        id: `gid://shopify/LineItem/${lineId}`,
        variant,
        product,
        sku: variant.sku,
        title: product.title,
        name: product.title,
        quantity: 1 + (l % 3),
        originalUnitPriceSet: money(variant.price),
        totalDiscountSet: money("0.00"),
      };
    });
    orders.push({
      id: `gid://shopify/Order/${o + 1}`,
      name: `#${1001 + o}`,
      email: null,
      customer: null,
      sourceName: "web",
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "FULFILLED",
      currencyCode: "GBP",
      subtotalPriceSet: money("10.00"),
      totalDiscountsSet: money("0.00"),
      totalShippingPriceSet: money("0.00"),
      totalTaxSet: money("0.00"),
      totalPriceSet: money("10.00"),
      test: false,
      tags: [],
      customAttributes: [],
      createdAt: time,
      processedAt: time,
      cancelledAt: null,
      cancelReason: null,
      updatedAt: time,
      lineItems,
      refunds: [],
    });
  }
  return {
    shop: {
      id: "gid://shopify/Shop/1",
      name: "Bench",
      email: "bench@example.com",
      myshopifyDomain: "bench.myshopify.com",
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      plan: { displayName: "Basic" },
    },
    locations: [location],
    products,
    customers: [],
    orders,
    inventoryHistory: [],
    report: { source: "bench", counts: {}, notes: [] },
  };
}

const ORDERS_QUERY = `{
  orders {
    edges { node {
      id name createdAt processedAt updatedAt currencyCode displayFinancialStatus test
      customer { id }
      totalPriceSet { shopMoney { amount currencyCode } }
      refunds { id createdAt refundLineItems(first: 250) { edges { node { quantity lineItem { id } subtotalSet { shopMoney { amount } } } } } }
      lineItems { edges { node { id sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount currencyCode } } } } }
    } }
  }
}`;

async function graphql(
  origin: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const response = await fetch(`${origin}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (await response.json()) as any;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

let start = performance.now();
const store = syntheticStore(targetLines);
console.log(
  `store: ${store.orders.length} orders, ${targetLines} lines built in ${(performance.now() - start).toFixed(0)} ms, RSS ${mb(process.memoryUsage().rss)}`,
);

const sandbox = await startSandbox({ store, apiKey: "bench", apiSecret: "bench-secret" });
const token = sandbox.issueAccessToken();
start = performance.now();
const run = await graphql(
  sandbox.origin,
  token,
  "mutation Run($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }",
  { q: ORDERS_QUERY },
);
if (run.data?.bulkOperationRunQuery?.userErrors?.length)
  throw new Error(JSON.stringify(run.data.bulkOperationRunQuery));
let operation;
for (;;) {
  operation = (
    await graphql(sandbox.origin, token, "{ currentBulkOperation { status objectCount fileSize url } }")
  ).data.currentBulkOperation;
  if (operation.status !== "RUNNING" && operation.status !== "CREATED") break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const generationS = (performance.now() - start) / 1000;
const objects = Number(operation.objectCount);
console.log(
  `bulk JSONL generation: ${operation.status}, ${objects} lines (${store.orders.length} orders + ${targetLines} line items), ${mb(Number(operation.fileSize))} in ${generationS.toFixed(2)} s = ${Math.round(objects / generationS)} lines/s`,
);

start = performance.now();
const response = await fetch(operation.url);
let newlines = 0;
for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
}
const downloadS = (performance.now() - start) / 1000;
console.log(
  `download (streamed): ${newlines} lines in ${downloadS.toFixed(2)} s = ${Math.round(newlines / downloadS)} lines/s`,
);
console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)} (store included)`);
await sandbox.close();
