import { z } from "zod";
import type { AdminOperation } from "../admin-client.server";
import { gid } from "./ids";

/** The store's own details, read at install and on shop/update. */
export const shopDetailsQuery: AdminOperation = {
  name: "ShopDetails",
  document: /* GraphQL */ `
    query ShopDetails {
      shop {
        id
        name
        email
        currencyCode
        ianaTimezone
        plan {
          displayName
        }
      }
    }
  `,
};

export const ShopDetails = z.object({
  shop: z.object({
    id: gid("Shop"),
    name: z.string(),
    email: z.string().nullable(),
    currencyCode: z.string().length(3),
    ianaTimezone: z.string().min(1),
    plan: z.object({ displayName: z.string() }).nullable(),
  }),
});
export type ShopDetails = z.infer<typeof ShopDetails>;
