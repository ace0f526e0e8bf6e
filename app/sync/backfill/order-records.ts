/**
 * Hand-written readers for the lines that make up nearly all of a store's backfill: orders and their line
 * items. On a million lines zod's checks and copies cost twice the JSON parsing. A reader accepts only what
 * the zod schemas in records.ts accept and returns the same record; when it is not sure (undefined), zod reads
 * the line again and gives the reason a bad line is skipped. test/unit/sync/bulk-records.test.ts holds both to
 * the same answers.
 */
import { DATETIME, DECIMAL, GID } from "./formats";
import type { LineItemRecord, OrderRecord } from "./records";

type Raw = Record<string, unknown>;

/** Thrown (always the same instance: no stack to capture) when a field is not what a reader expects. */
const NOT_SURE = new Error("not sure: let zod explain");

function fail(): never {
  throw NOT_SURE;
}

function object(value: unknown): Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Raw) : fail();
}

function string(value: unknown): string {
  return typeof value === "string" ? value : fail();
}

function stringOrNull(value: unknown): string | null {
  return value === null ? null : string(value);
}

function integer(value: unknown): number {
  return Number.isSafeInteger(value) ? (value as number) : fail();
}

function boolean(value: unknown): boolean {
  return typeof value === "boolean" ? value : fail();
}

function id(value: unknown): bigint {
  const match = GID.exec(string(value));
  return match ? BigInt(match[2]) : fail();
}

/** A `{ id }` reference that may be null or absent. */
function ref(value: unknown): bigint | null {
  return value === null || value === undefined ? null : id(object(value).id);
}

function money(value: unknown): string {
  const amount = string(object(object(value).shopMoney).amount);
  return DECIMAL.test(amount) ? amount : fail();
}

function time(value: unknown): Date {
  return DATETIME.test(string(value)) ? new Date(value as string) : fail();
}

function optionalTime(value: unknown): Date | null {
  return value === null || value === undefined ? null : time(value);
}

function list<T>(value: unknown, read: (item: unknown) => T): T[] {
  if (!Array.isArray(value)) fail();
  // A loop, not map(): map skips the holes of a sparse array, which zod reads as undefined.
  const items: T[] = [];
  for (let i = 0; i < value.length; i++) items.push(read(value[i]));
  return items;
}

/** Reads an order line; undefined when zod should decide. */
export function readOrder(line: Raw): OrderRecord | undefined {
  try {
    return {
      id: id(line.id),
      name: string(line.name),
      email: stringOrNull(line.email),
      customer: ref(line.customer),
      sourceName: stringOrNull(line.sourceName),
      displayFinancialStatus: stringOrNull(line.displayFinancialStatus),
      displayFulfillmentStatus: stringOrNull(line.displayFulfillmentStatus),
      currencyCode: string(line.currencyCode).length === 3 ? (line.currencyCode as string) : fail(),
      subtotalPriceSet: money(line.subtotalPriceSet),
      totalDiscountsSet: money(line.totalDiscountsSet),
      totalShippingPriceSet: money(line.totalShippingPriceSet),
      totalTaxSet: money(line.totalTaxSet),
      totalPriceSet: money(line.totalPriceSet),
      test: boolean(line.test),
      tags: list(line.tags, string),
      customAttributes: list(line.customAttributes, (item) => {
        const attribute = object(item);
        return { key: string(attribute.key), value: stringOrNull(attribute.value) };
      }),
      createdAt: time(line.createdAt),
      processedAt: time(line.processedAt),
      cancelledAt: optionalTime(line.cancelledAt),
      cancelReason: stringOrNull(line.cancelReason),
      updatedAt: optionalTime(line.updatedAt),
      refunds: list(line.refunds, readRefund),
    };
  } catch (error) {
    if (error === NOT_SURE) return undefined;
    throw error;
  }
}

function readRefund(value: unknown): OrderRecord["refunds"][number] {
  const refund = object(value);
  return {
    id: id(refund.id),
    note: stringOrNull(refund.note),
    createdAt: time(refund.createdAt),
    refundLineItems: {
      edges: list(object(refund.refundLineItems).edges, (edge) => {
        const node = object(object(edge).node);
        return {
          node: {
            id: id(node.id),
            lineItem: { id: id(object(node.lineItem).id) },
            quantity: integer(node.quantity),
            subtotalSet: money(node.subtotalSet),
            totalTaxSet: money(node.totalTaxSet),
            restockType: stringOrNull(node.restockType),
            location: ref(node.location),
          },
        };
      }),
    },
  };
}

/** Reads a line item of the order `__parentId` names; undefined when zod should decide. */
export function readLineItem(line: Raw, orderId: bigint): LineItemRecord | undefined {
  try {
    return {
      id: id(line.id),
      variant: ref(line.variant),
      product: ref(line.product),
      sku: stringOrNull(line.sku),
      title: string(line.title),
      quantity: integer(line.quantity),
      originalUnitPriceSet: money(line.originalUnitPriceSet),
      totalDiscountSet: money(line.totalDiscountSet),
      orderId,
    };
  } catch (error) {
    if (error === NOT_SURE) return undefined;
    throw error;
  }
}
