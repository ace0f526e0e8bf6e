import { describe, expect, it } from "vitest";
import { ProductDeletion } from "~/shopify/queries/deletions";

const event = (subjectId: string, subjectType = "PRODUCT") => ({
  subjectId,
  subjectType,
  occurredAt: "2026-11-30T11:00:00.000Z",
});

describe("a product's deletion event", () => {
  it("reads the product's id, exactly beyond 2^53, and the time of its deletion", () => {
    expect(ProductDeletion.parse(event("gid://shopify/Product/9007199254740993"))).toEqual({
      subjectId: 9007199254740993n,
      subjectType: "PRODUCT",
      occurredAt: new Date("2026-11-30T11:00:00.000Z"),
    });
  });

  it("reads a bare numeric id too", () => {
    expect(ProductDeletion.parse(event("9007199254740993")).subjectId).toBe(9007199254740993n);
  });

  it("refuses another subject, another type's id, or a time without its zone", () => {
    expect(ProductDeletion.safeParse(event("gid://shopify/Collection/1", "COLLECTION")).success).toBe(false);
    expect(ProductDeletion.safeParse(event("gid://shopify/Collection/1")).success).toBe(false);
    expect(ProductDeletion.safeParse(event("gid://shopify/Product/12x")).success).toBe(false);
    expect(
      ProductDeletion.safeParse({ ...event("gid://shopify/Product/1"), occurredAt: "2026-11-30T11:00:00" })
        .success,
    ).toBe(false);
  });
});
