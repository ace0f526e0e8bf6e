/** Field types of Shopify's REST resources as webhooks deliver them. */
import { z } from "zod";

/** An id: a JSON number, or the exact string `parseExactJson` made of one beyond 2^53. */
export const id = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((v) => BigInt(v));
/** Money and other decimals: REST sends strings ("19.99"); a number is accepted as written. */
export const decimal = z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]).transform(String);
export const time = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
/** REST tags are one comma-separated string. */
export const tags = z
  .string()
  .optional()
  .default("")
  .transform((text) =>
    text
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
  );
