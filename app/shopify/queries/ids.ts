import { z } from "zod";

/**
 * A Shopify global id (`gid://shopify/Product/123`) parsed to its numeric id as a BigInt: Shopify ids can
 * exceed 2^53, so they never pass through a JS number.
 * @example gid("Product").parse("gid://shopify/Product/9007199254740993") // 9007199254740993n
 */
export function gid(type: string) {
  const pattern = new RegExp(`^gid://shopify/${type}/(\\d+)$`);
  return z.string().transform((value, ctx) => {
    const match = pattern.exec(value);
    if (!match) {
      ctx.addIssue({
        code: "custom",
        message: `expected a gid://shopify/${type}/<number> id, got "${value}"`,
      });
      return z.NEVER;
    }
    return BigInt(match[1]);
  });
}

/** The global id of a numeric Shopify id. */
export const toGid = (type: string, id: bigint) => `gid://shopify/${type}/${id}`;
