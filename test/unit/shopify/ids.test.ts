import { describe, expect, it } from "vitest";
import { gid, toGid } from "~/shopify/queries/ids";

describe("Shopify global ids", () => {
  it("parses ids beyond 2^53 exactly, as BigInt", () => {
    // 2^53 + 1 is the first integer a JS number cannot hold.
    expect(gid("Product").parse("gid://shopify/Product/9007199254740993")).toBe(9007199254740993n);
  });

  it("refuses another type's id or a malformed one with a clear message", () => {
    const result = gid("Product").safeParse("gid://shopify/Order/1");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(
      'expected a gid://shopify/Product/<number> id, got "gid://shopify/Order/1"',
    );
    expect(gid("Product").safeParse("gid://shopify/Product/12x").success).toBe(false);
  });

  it("round-trips through toGid", () => {
    expect(gid("Location").parse(toGid("Location", 18446744073709551615n))).toBe(18446744073709551615n);
  });
});
