// The hand-written readers of order and line item lines (order-records.ts) against the zod schemas they stand
// in for: on every variation of a line, a reader either answers exactly what zod answers or leaves the line to
// zod, and parseBulkLine's answer (record or reason) is zod's.
import { describe, expect, it } from "vitest";
import { readLineItem, readOrder } from "~/sync/backfill/order-records";
import { LineItemLine, OrderLine, parseBulkLine } from "~/sync/backfill/records";

const money = (amount: unknown) => ({ shopMoney: { amount, currencyCode: "GBP" } });

const order = {
  id: "gid://shopify/Order/9007199254740993",
  name: "#1001",
  email: "ada@example.com",
  customer: { id: "gid://shopify/Customer/3", displayName: "Ada" },
  sourceName: "web",
  displayFinancialStatus: "PARTIALLY_REFUNDED",
  displayFulfillmentStatus: "FULFILLED",
  currencyCode: "GBP",
  subtotalPriceSet: money("20.00"),
  totalDiscountsSet: money("0"),
  totalShippingPriceSet: money("3.5"),
  totalTaxSet: money("-0.01"),
  totalPriceSet: money("23.49"),
  test: false,
  tags: ["gift", "vip"],
  customAttributes: [{ key: "note", value: null, extra: 1 }],
  createdAt: "2026-11-01T10:00:00Z",
  processedAt: "2026-11-01T10:00:00.123+01:00",
  cancelledAt: null,
  cancelReason: null,
  updatedAt: "2026-11-02T10:00:00Z",
  refunds: [
    {
      id: "gid://shopify/Refund/8",
      note: "damaged",
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
              location: { id: "gid://shopify/Location/2" },
            },
          },
        ],
      },
    },
  ],
};

const lineItem = {
  id: "gid://shopify/LineItem/7",
  variant: { id: "gid://shopify/ProductVariant/11" },
  product: null,
  sku: null,
  title: "Tee",
  quantity: 2,
  originalUnitPriceSet: money("10.00"),
  totalDiscountSet: money("0.00"),
  __parentId: "gid://shopify/Order/5",
};

/** Values a field might hold in a broken or unusual line. */
const odd: unknown[] = [
  undefined,
  null,
  "",
  "GB",
  "GBPX",
  "x",
  0,
  -1,
  1.5,
  3e9,
  2 ** 53,
  true,
  [],
  ["a", 1],
  {},
  { id: "gid://shopify/Customer/x" },
  { id: "gid://shopify/Customer/4?x=1" },
  "gid://shopify/Order/12",
  "gid://shopify/Order/-1",
  "2024-02-29T00:00:00Z",
  "2023-02-29T00:00:00Z",
  "2026-11-01T10:00:00.123456789Z",
  "2026-11-01T24:00:00Z",
  "2026-11-01 10:00:00Z",
  "2026-11-01T10:00:00",
  money("1e5"),
  money(".5"),
  money("1."),
  money(12),
  { shopMoney: null },
];

/** The line with `path` set to `value` (deleted when undefined). */
function variation(base: object, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  let target = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

/** Every path to a value in `value`, objects and arrays included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, v]) => paths(v, [...prefix, key]))].filter((p) => p.length > 0);
}

describe("hand-written readers", () => {
  it("read a well-formed order and line item exactly as zod does", () => {
    expect(readOrder(order)).toEqual(OrderLine.parse(order));
    expect(readLineItem(lineItem, 5n)).toEqual({ ...LineItemLine.parse(lineItem), orderId: 5n });
  });

  it.each([
    ["order", order, (line: Record<string, unknown>) => readOrder(line), OrderLine],
    ["line item", lineItem, (line: Record<string, unknown>) => readLineItem(line, 5n), LineItemLine],
  ] as const)("never accept %s variations zod refuses, nor read one differently", (_, base, read, schema) => {
    let accepted = 0;
    for (const path of paths(base)) {
      if (path[path.length - 1] === "__parentId") continue;
      for (const value of odd) {
        const line = variation(base, path, value);
        const zod = schema.safeParse(line);
        const fast = read(line);
        if (fast === undefined) continue;
        accepted++;
        expect(zod.success, `${path.join(".")} = ${JSON.stringify(value)}`).toBe(true);
        expect({ ...fast, orderId: undefined }, path.join(".")).toEqual({ ...zod.data, orderId: undefined });
      }
    }
    // The readers do the work: most variations that zod accepts, they accept too.
    expect(accepted).toBeGreaterThan(50);
  });

  it("leave the reason a bad line is skipped to zod", () => {
    const line = JSON.stringify(variation(order, ["totalPriceSet", "shopMoney", "amount"], "1e5"));
    expect(parseBulkLine(line)).toEqual({
      ok: false,
      reason: "totalPriceSet.shopMoney.amount: must be a decimal amount",
    });
    const item = JSON.stringify(variation(lineItem, ["quantity"], 1.5));
    expect(parseBulkLine(item)).toEqual({
      ok: false,
      reason: "quantity: Invalid input: expected int, received number",
    });
  });
});
