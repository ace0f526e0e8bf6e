// A small sandbox store built by hand for the server's tests: two locations (one inactive), three products
// with five variants, three customers, seven orders (one guest order, one with a refund), so pagination,
// node lookups and bulk operations have something to walk.
import type {
  MoneyBag,
  SandboxCustomer,
  SandboxLineItem,
  SandboxLocation,
  SandboxOrder,
  SandboxProduct,
  SandboxStore,
  SandboxVariant,
} from "../../../../sandbox/store/types";

export const SHOP_DOMAIN = "sandbox-test.myshopify.com";

const money = (amount: string): MoneyBag => ({
  shopMoney: { amount, currencyCode: "GBP" },
  presentmentMoney: { amount, currencyCode: "GBP" },
});

const day = (n: number) => `2025-01-${String(n).padStart(2, "0")}T10:00:00Z`;

export function smallStore(): SandboxStore {
  const locations: SandboxLocation[] = [
    {
      id: "gid://shopify/Location/1",
      name: "Warehouse",
      isActive: true,
      fulfillsOnlineOrders: true,
      address: { countryCode: "GB" },
      createdAt: day(1),
      updatedAt: day(1),
    },
    {
      id: "gid://shopify/Location/2",
      name: "Old shop",
      isActive: false,
      fulfillsOnlineOrders: false,
      address: { countryCode: "GB" },
      createdAt: day(1),
      updatedAt: day(2),
    },
  ];
  let variantNumber = 0;
  const variant = (title: string, price: string, position: number, available: number): SandboxVariant => {
    variantNumber += 1;
    const n = variantNumber;
    return {
      id: `gid://shopify/ProductVariant/${100 + n}`,
      title,
      sku: `SKU-${n}`,
      barcode: null,
      price,
      compareAtPrice: null,
      position,
      inventoryItem: {
        id: `gid://shopify/InventoryItem/${200 + n}`,
        sku: `SKU-${n}`,
        tracked: true,
        unitCost: { amount: "1.00", currencyCode: "GBP" },
        inventoryLevels: [
          {
            id: `gid://shopify/InventoryLevel/${300 + n}?inventory_item_id=${200 + n}`,
            location: locations[0],
            quantities: [
              { name: "available", quantity: available },
              { name: "on_hand", quantity: available + 2 },
              { name: "committed", quantity: 2 },
              { name: "incoming", quantity: 0 },
            ],
            updatedAt: day(3),
          },
        ],
        createdAt: day(1),
        updatedAt: day(3),
      },
      createdAt: day(1),
      updatedAt: day(3),
    };
  };
  const product = (
    n: number,
    title: string,
    variants: SandboxVariant[],
    updated: number,
  ): SandboxProduct => ({
    id: `gid://shopify/Product/${n}`,
    title,
    handle: title.toLowerCase().replace(/ /g, "-"),
    vendor: "Keel Test",
    productType: "Homeware",
    status: "ACTIVE",
    tags: n === 11 ? ["featured"] : [],
    variants,
    createdAt: day(1),
    updatedAt: day(updated),
  });
  // Variants listed out of position order, so the default sortKey POSITION is visible.
  const products = [
    product(11, "Red Mug", [variant("Large", "8.50", 2, 5), variant("Small", "6.00", 1, 0)], 4),
    product(12, "Tea Towel", [variant("Default Title", "3.25", 1, 12)], 6),
    product(13, "Lantern", [variant("Blue", "15.00", 1, 3), variant("Green", "15.00", 2, 7)], 8),
  ];
  const customers: SandboxCustomer[] = [1, 2, 3].map((n) => ({
    id: `gid://shopify/Customer/${400 + n}`,
    email: `customer${n}@example.com`,
    firstName: `Customer${n}`,
    lastName: "Test",
    phone: null,
    defaultAddress: { city: "London", province: null, countryCodeV2: "GB" },
    state: "ENABLED",
    tags: [],
    emailMarketingConsent: { marketingState: "NOT_SUBSCRIBED" },
    createdAt: day(n),
    updatedAt: day(n + 10),
  }));
  const allVariants = products.flatMap((p) => p.variants.map((v) => ({ v, p })));
  let lineNumber = 0;
  const line = (index: number, quantity: number): SandboxLineItem => {
    lineNumber += 1;
    const { v, p } = allVariants[index];
    return {
      id: `gid://shopify/LineItem/${500 + lineNumber}`,
      variant: v,
      product: p,
      sku: v.sku,
      title: p.title,
      name: `${p.title} - ${v.title}`,
      quantity,
      originalUnitPriceSet: money(v.price),
      totalDiscountSet: money("0.00"),
    };
  };
  const orders: SandboxOrder[] = [1, 2, 3, 4, 5, 6, 7].map((n) => {
    const lineItems = n === 2 ? [line(0, 1), line(2, 2), line(3, 1)] : [line(n % 5, 1)];
    return {
      id: `gid://shopify/Order/${600 + n}`,
      name: `#${1000 + n}`,
      email: n === 5 ? null : customers[n % 3].email,
      customer: n === 5 ? null : customers[n % 3],
      sourceName: "web",
      displayFinancialStatus: n === 2 ? "PARTIALLY_REFUNDED" : "PAID",
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
      createdAt: day(n),
      processedAt: day(n),
      cancelledAt: null,
      cancelReason: null,
      updatedAt: day(n + 20),
      lineItems,
      refunds:
        n === 2
          ? [
              {
                id: "gid://shopify/Refund/701",
                note: "damaged",
                createdAt: day(9),
                updatedAt: day(9),
                refundLineItems: [
                  {
                    id: "gid://shopify/RefundLineItem/801",
                    lineItem: lineItems[1],
                    quantity: 1,
                    subtotalSet: money("3.25"),
                    totalTaxSet: money("0.00"),
                    restockType: "RETURN",
                    location: locations[0],
                  },
                ],
              },
            ]
          : [],
    };
  });
  return {
    shop: {
      id: "gid://shopify/Shop/1",
      name: "Sandbox Test",
      email: "owner@example.com",
      myshopifyDomain: SHOP_DOMAIN,
      currencyCode: "GBP",
      ianaTimezone: "Europe/London",
      plan: { displayName: "Basic" },
    },
    locations,
    products,
    customers,
    orders,
    inventoryHistory: [],
    report: { source: "test", counts: {}, notes: [] },
  };
}
