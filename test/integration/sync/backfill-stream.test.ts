// The backfill's write path against PostgreSQL: column values sent as array literals come back as they were
// sent, and batches written two at a time still commit in line order, children after their parents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { column } from "~/sync/backfill/pg-arrays";
import { importBulkResult, type StreamOptions } from "~/sync/backfill/stream.server";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "GBP" } });

function order(id: number, processedAt: string) {
  return {
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
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
    createdAt: processedAt,
    processedAt,
    cancelledAt: null,
    cancelReason: null,
    updatedAt: processedAt,
    refunds: [],
  };
}

function lineItem(id: number, orderId: number, quantity = 1) {
  return {
    id: `gid://shopify/LineItem/${id}`,
    variant: null,
    product: null,
    sku: null,
    title: "Item",
    quantity,
    originalUnitPriceSet: money("10.00"),
    totalDiscountSet: money("0.00"),
    __parentId: `gid://shopify/Order/${orderId}`,
  };
}

let shopId: number;

beforeAll(async () => {
  shopId = (await db.shop.create({ data: { domain: "stream.myshopify.com" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
});

async function importLines(lines: object[], batchSize: number) {
  const run = await db.syncRun.create({ data: { shopId, kind: "backfill", resource: "orders" } });
  const text = lines.map((line) => JSON.stringify(line)).join("\n");
  const options: StreamOptions = {
    db,
    shopId,
    runId: run.id,
    resource: "orders",
    tables: ["orders", "order_lines"],
    parents: ["orders"],
    url: "http://bulk.invalid/result.jsonl",
    linesDone: 0,
    batchSize,
    fetch: async () => new Response(text),
  };
  const outcome = await importBulkResult(options).then(
    () => undefined,
    (error: Error) => error,
  );
  return { outcome, run: await db.syncRun.findUniqueOrThrow({ where: { id: run.id } }) };
}

describe("backfill write path", () => {
  it("sends text, numbers, times and ids beyond 2^53 as array literals that come back unchanged", async () => {
    const texts = [
      "",
      "NULL",
      "null",
      " padded ",
      "a,b",
      "{x}",
      'say "hi"',
      "back\\slash",
      "tab\tnew\nline",
      "é 漢字",
      null,
    ];
    const [{ t }] = await db.$queryRawUnsafe<{ t: (string | null)[] }[]>(
      "SELECT $1::text[] AS t",
      column(texts, (v) => v),
    );
    expect(t).toEqual(texts);

    const tags = [[], ["a"], ['x"y', "a,b", "{c}"], ["NULL", ""]];
    const [{ nested }] = await db.$queryRawUnsafe<{ nested: string[] }[]>(
      "SELECT ARRAY(SELECT array_to_json(x::text[])::text FROM unnest($1::text[]) x) AS nested",
      column(tags, (list) => column(list, (tag) => tag)),
    );
    expect(nested.map((json) => JSON.parse(json))).toEqual(tags);

    const when = new Date("2026-11-01T10:00:00.123Z");
    const [row] = await db.$queryRawUnsafe<
      { ids: bigint[]; amounts: string[]; times: Date[]; flags: boolean[] }[]
    >(
      "SELECT $1::bigint[] AS ids, $2::numeric[]::text[] AS amounts, $3::timestamptz[] AS times, $4::bool[] AS flags",
      column([9007199254740993n, null], (v) => v),
      column(["-0.01", "17.99"], (v) => v),
      column([when], (v) => v),
      column([true, false], (v) => v),
    );
    expect(row).toEqual({
      ids: [9007199254740993n, null],
      amounts: ["-0.01", "17.99"],
      times: [when],
      flags: [true, false],
    });
  });

  it("writes the lines of an order from an earlier batch once that batch has committed, with its time", async () => {
    const { outcome, run } = await importLines(
      [
        order(10, "2026-11-01T10:00:00Z"),
        order(11, "2026-11-02T10:00:00Z"),
        lineItem(101, 10),
        lineItem(111, 11),
        order(12, "2026-11-03T10:00:00Z"),
        lineItem(121, 12),
      ],
      2,
    );
    expect(outcome).toBeUndefined();
    expect(run).toMatchObject({ linesDone: 6, skipped: 0 });
    const lines = await db.orderLine.findMany({ where: { shopId }, orderBy: { id: "asc" } });
    expect(lines.map((l) => [l.id, l.processedAt.toISOString()])).toEqual([
      [101n, "2026-11-01T10:00:00.000Z"],
      [111n, "2026-11-02T10:00:00.000Z"],
      [121n, "2026-11-03T10:00:00.000Z"],
    ]);
  });

  it("records no progress past a batch that fails, even when the batch after it was written at the same time", async () => {
    const { outcome, run } = await importLines(
      [
        order(20, "2026-11-01T10:00:00Z"),
        lineItem(201, 20),
        order(21, "2026-11-01T10:00:00Z"),
        lineItem(211, 21, 3_000_000_000), // valid JSON, but no PostgreSQL integer: the batch fails
        order(22, "2026-11-01T10:00:00Z"),
        lineItem(221, 22),
      ],
      2,
    );
    expect(outcome?.message).toMatch(/out of range/);
    expect(run.linesDone).toBe(2);
    const orders = await db.order.findMany({ where: { shopId, id: { in: [20n, 21n, 22n] } } });
    expect(orders.map((o) => o.id)).toEqual([20n]);
  });
});
