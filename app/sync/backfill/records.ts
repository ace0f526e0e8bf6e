/**
 * One line of a bulk query result (JSONL) to the rows Keel stores. Each line is one object; its type is in its
 * global id, and a nested connection's nodes carry `__parentId`. Lines are parsed with zod: a line that does
 * not parse or does not fit is reported with its reason, never guessed at. Orders and line items, nearly all
 * of a backfill, are first read by hand (order-records.ts); zod reads what those readers are not sure of.
 */
import { z } from "zod";
import { datetime, DECIMAL, GID } from "./formats";
import { readLineItem, readOrder } from "./order-records";

/** The type and numeric id of a Shopify global id, or undefined when it is not one. */
export function parseGid(value: unknown): { type: string; id: bigint } | undefined {
  if (typeof value !== "string") return undefined;
  const match = GID.exec(value);
  return match ? { type: match[1], id: BigInt(match[2]) } : undefined;
}

const id = z
  .string()
  .regex(GID, "must be a Shopify global id")
  .transform((value) => parseGid(value)!.id);
const nullableRef = z
  .object({ id })
  .nullable()
  .optional()
  .transform((ref) => ref?.id ?? null);
const decimal = z.string().regex(DECIMAL, "must be a decimal amount");
const money = z.object({ shopMoney: z.object({ amount: decimal }) }).transform((bag) => bag.shopMoney.amount);
const time = datetime.transform((value) => new Date(value));
const optionalTime = time
  .nullable()
  .optional()
  .transform((value) => value ?? null);

const LocationLine = z.object({
  id,
  name: z.string(),
  isActive: z.boolean(),
  fulfillsOnlineOrders: z.boolean(),
  address: z.object({ countryCode: z.string().nullable() }).nullable(),
  updatedAt: optionalTime,
});

const ProductLine = z.object({
  id,
  title: z.string(),
  handle: z.string().nullable(),
  vendor: z.string().nullable(),
  productType: z.string().nullable(),
  status: z.string(),
  tags: z.array(z.string()),
  createdAt: optionalTime,
  updatedAt: optionalTime,
});

const VariantLine = z.object({
  id,
  title: z.string().nullable(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  price: decimal,
  compareAtPrice: decimal.nullable(),
  position: z.number().int().nullable(),
  updatedAt: optionalTime,
  inventoryItem: z
    .object({ id, tracked: z.boolean(), unitCost: z.object({ amount: decimal }).nullable() })
    .nullable(),
});

const InventoryLevelLine = z.object({
  location: z.object({ id }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
  updatedAt: optionalTime,
});

const CustomerLine = z.object({
  id,
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  defaultAddress: z
    .object({
      city: z.string().nullable(),
      province: z.string().nullable(),
      countryCodeV2: z.string().nullable(),
    })
    .nullable(),
  state: z.string(),
  tags: z.array(z.string()),
  emailMarketingConsent: z.object({ marketingState: z.string() }).nullable(),
  createdAt: optionalTime,
  updatedAt: optionalTime,
});

const RefundLineItem = z.object({
  id,
  lineItem: z.object({ id }),
  quantity: z.number().int(),
  subtotalSet: money,
  totalTaxSet: money,
  restockType: z.string().nullable(),
  location: nullableRef,
});

/** Exported, with LineItemLine, for the test that holds order-records.ts to the same answers. */
export const OrderLine = z.object({
  id,
  name: z.string(),
  email: z.string().nullable(),
  customer: nullableRef,
  sourceName: z.string().nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string().nullable(),
  currencyCode: z.string().length(3, "must be a three-letter currency code"),
  subtotalPriceSet: money,
  totalDiscountsSet: money,
  totalShippingPriceSet: money,
  totalTaxSet: money,
  totalPriceSet: money,
  test: z.boolean(),
  tags: z.array(z.string()),
  customAttributes: z.array(z.object({ key: z.string(), value: z.string().nullable() })),
  createdAt: time,
  processedAt: time,
  cancelledAt: optionalTime,
  cancelReason: z.string().nullable(),
  updatedAt: optionalTime,
  refunds: z.array(
    z.object({
      id,
      note: z.string().nullable(),
      createdAt: time,
      // A connection inside a list field stays inline in the bulk result.
      refundLineItems: z.object({ edges: z.array(z.object({ node: RefundLineItem })) }),
    }),
  ),
});

export const LineItemLine = z.object({
  id,
  variant: nullableRef,
  product: nullableRef,
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int(),
  originalUnitPriceSet: money,
  totalDiscountSet: money,
});

export type LocationRecord = z.infer<typeof LocationLine>;
export type ProductRecord = z.infer<typeof ProductLine>;
export type VariantRecord = z.infer<typeof VariantLine> & { productId: bigint };
export type InventoryLevelRecord = z.infer<typeof InventoryLevelLine> & { inventoryItemId: bigint };
export type CustomerRecord = z.infer<typeof CustomerLine>;
export type OrderRecord = z.infer<typeof OrderLine>;
export type LineItemRecord = z.infer<typeof LineItemLine> & { orderId: bigint };

export type BulkRecord =
  | { kind: "location"; record: LocationRecord }
  | { kind: "product"; record: ProductRecord }
  | { kind: "variant"; record: VariantRecord }
  | { kind: "inventoryItem" }
  | { kind: "inventoryLevel"; record: InventoryLevelRecord }
  | { kind: "customer"; record: CustomerRecord }
  | { kind: "order"; record: OrderRecord }
  | { kind: "lineItem"; record: LineItemRecord };

export type ParsedLine = { ok: true; value: BulkRecord } | { ok: false; reason: string };

function explain(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "line"}: ${issue.message}`;
}

function parseWith<T extends z.ZodType>(
  schema: T,
  object: Record<string, unknown>,
): { ok: true; value: z.infer<T> } | { ok: false; reason: string } {
  const result = schema.safeParse(object);
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: explain(result.error) };
}

/** Parses one JSONL line of a backfill result. */
export function parseBulkLine(text: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not valid JSON" };
  }
  if (typeof raw !== "object" || raw === null) return { ok: false, reason: "not a JSON object" };
  const object = raw as Record<string, unknown>;
  const gid = parseGid(object.id);
  const parent = object.__parentId === undefined ? undefined : parseGid(object.__parentId);
  if (object.__parentId !== undefined && !parent)
    return { ok: false, reason: "__parentId: not a Shopify global id" };

  const type = gid?.type;

  switch (type) {
    case "Location": {
      const r = parseWith(LocationLine, object);
      return r.ok ? { ok: true, value: { kind: "location", record: r.value } } : r;
    }
    case "Product": {
      const r = parseWith(ProductLine, object);
      return r.ok ? { ok: true, value: { kind: "product", record: r.value } } : r;
    }
    case "ProductVariant": {
      if (parent?.type !== "Product")
        return { ok: false, reason: "a variant without its product (__parentId)" };
      const r = parseWith(VariantLine, object);
      return r.ok
        ? { ok: true, value: { kind: "variant", record: { ...r.value, productId: parent.id } } }
        : r;
    }
    // The item itself adds nothing the variant did not bring; its levels follow as its children.
    case "InventoryItem":
      return { ok: true, value: { kind: "inventoryItem" } };
    case "InventoryLevel": {
      if (parent?.type !== "InventoryItem") {
        return { ok: false, reason: "an inventory level without its inventory item (__parentId)" };
      }
      const r = parseWith(InventoryLevelLine, object);
      return r.ok
        ? { ok: true, value: { kind: "inventoryLevel", record: { ...r.value, inventoryItemId: parent.id } } }
        : r;
    }
    case "Customer": {
      const r = parseWith(CustomerLine, object);
      return r.ok ? { ok: true, value: { kind: "customer", record: r.value } } : r;
    }
    case "Order": {
      const fast = readOrder(object);
      if (fast) return { ok: true, value: { kind: "order", record: fast } };
      const r = parseWith(OrderLine, object);
      return r.ok ? { ok: true, value: { kind: "order", record: r.value } } : r;
    }
    case "LineItem": {
      if (parent?.type !== "Order")
        return { ok: false, reason: "a line item without its order (__parentId)" };
      const fast = readLineItem(object, parent.id);
      if (fast) return { ok: true, value: { kind: "lineItem", record: fast } };
      const r = parseWith(LineItemLine, object);
      return r.ok ? { ok: true, value: { kind: "lineItem", record: { ...r.value, orderId: parent.id } } } : r;
    }
    default:
      return { ok: false, reason: type ? `unexpected object type ${type}` : "id: not a Shopify global id" };
  }
}
