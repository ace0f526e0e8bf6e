// Bulk query results as Shopify documents them (shopify.dev "Perform bulk operations": one object per JSONL
// line, nested connection nodes with __parentId): each line to Keel's record, or a precise reason.
import { describe, expect, it } from "vitest";
import { parseBulkLine, parseGid } from "~/sync/backfill/records";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "GBP" } });

describe("parseGid", () => {
  it("reads the type and the id beyond 2^53, with or without a query string", () => {
    expect(parseGid("gid://shopify/Product/9007199254740993")).toEqual({
      type: "Product",
      id: 9007199254740993n,
    });
    expect(parseGid("gid://shopify/InventoryLevel/1?inventory_item_id=2")).toEqual({
      type: "InventoryLevel",
      id: 1n,
    });
    expect(parseGid("Product/1")).toBeUndefined();
  });
});

describe("parseBulkLine", () => {
  it("reads a variant as a child of its product, with its inventory item and cost", () => {
    const line = JSON.stringify({
      id: "gid://shopify/ProductVariant/11",
      title: "Large",
      sku: "TEE-L",
      barcode: null,
      price: "19.99",
      compareAtPrice: null,
      position: 2,
      updatedAt: "2026-11-01T10:00:00Z",
      inventoryItem: {
        id: "gid://shopify/InventoryItem/21",
        tracked: true,
        unitCost: { amount: "7.5", currencyCode: "GBP" },
      },
      __parentId: "gid://shopify/Product/1",
    });
    expect(parseBulkLine(line)).toEqual({
      ok: true,
      value: {
        kind: "variant",
        record: expect.objectContaining({
          id: 11n,
          productId: 1n,
          sku: "TEE-L",
          price: "19.99",
          position: 2,
        }),
      },
    });
  });

  it("reads an order with its inline refunds and refund lines", () => {
    const result = parseBulkLine(
      JSON.stringify({
        id: "gid://shopify/Order/5",
        name: "#1001",
        email: null,
        customer: null,
        sourceName: "web",
        displayFinancialStatus: "PARTIALLY_REFUNDED",
        displayFulfillmentStatus: "FULFILLED",
        currencyCode: "GBP",
        subtotalPriceSet: money("20.00"),
        totalDiscountsSet: money("0.00"),
        totalShippingPriceSet: money("3.00"),
        totalTaxSet: money("0.00"),
        totalPriceSet: money("23.00"),
        test: false,
        tags: [],
        customAttributes: [{ key: "gift", value: "yes" }],
        createdAt: "2026-11-01T10:00:00Z",
        processedAt: "2026-11-01T10:00:00Z",
        cancelledAt: null,
        cancelReason: null,
        updatedAt: "2026-11-02T10:00:00Z",
        refunds: [
          {
            id: "gid://shopify/Refund/8",
            note: null,
            createdAt: "2026-11-02T10:00:00Z",
            refundLineItems: {
              edges: [
                {
                  node: {
                    id: "gid://shopify/RefundLineItem/9",
                    lineItem: { id: "gid://shopify/LineItem/7" },
                    quantity: 1,
                    subtotalSet: money("10.00"),
                    totalTaxSet: money("0.00"),
                    restockType: "RETURN",
                    location: null,
                  },
                },
              ],
            },
          },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.kind !== "order") throw new Error("not an order");
    expect(result.value.record.customer).toBeNull();
    expect(result.value.record.totalPriceSet).toBe("23.00");
    expect(result.value.record.refunds[0].refundLineItems.edges[0].node).toMatchObject({
      id: 9n,
      lineItem: { id: 7n },
    });
  });

  it("reads an inventory level as a child of its inventory item", () => {
    const line = JSON.stringify({
      id: "gid://shopify/InventoryLevel/7?inventory_item_id=21",
      location: { id: "gid://shopify/Location/3" },
      quantities: [{ name: "available", quantity: -2 }],
      updatedAt: "2026-11-01T10:00:00Z",
      __parentId: "gid://shopify/InventoryItem/21",
    });
    expect(parseBulkLine(line)).toMatchObject({
      ok: true,
      value: { kind: "inventoryLevel", record: { inventoryItemId: 21n, location: { id: 3n } } },
    });
  });

  it.each([
    ["{not json", "not valid JSON"],
    ["[1,2]", "id: not a Shopify global id"],
    ['{"id":"gid://shopify/ProductVariant/1","title":"x"}', "a variant without its product (__parentId)"],
    [
      '{"id":"gid://shopify/LineItem/1","__parentId":"gid://shopify/Product/2"}',
      "a line item without its order (__parentId)",
    ],
    ['{"id":"gid://shopify/Collection/1"}', "unexpected object type Collection"],
    [
      '{"id":"gid://shopify/Customer/1","email":null,"firstName":null,"lastName":null,"phone":null,"defaultAddress":null,"state":"ENABLED","tags":"vip","emailMarketingConsent":null}',
      "tags: Invalid input: expected array, received string",
    ],
  ])("explains why %s is skipped", (line, reason) => {
    expect(parseBulkLine(line)).toEqual({ ok: false, reason });
  });
});
