import { z } from "zod";
import type { AdminOperation } from "../admin-client.server";
import { lineItemFields, orderFields, refundFields, refundLineItemFields } from "./order-fields";

/**
 * Orders changed since a mark, oldest change first, three per page with up to 20 lines and 3 refunds each: that
 * keeps a page within Shopify's 1,000-point query cost. Lines beyond those are left as they are (upserts never
 * delete) and come with the order's next webhook.
 */
export const reconcileOrders: AdminOperation = {
  name: "ReconcileOrders",
  document: /* GraphQL */ `
    query ReconcileOrders($query: String!, $after: String) {
      orders(first: 3, after: $after, query: $query, sortKey: UPDATED_AT) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ${orderFields}
          refunds(first: 3) {
            ${refundFields}
            refundLineItems(first: 5) {
              edges {
                node {
                  ${refundLineItemFields}
                }
              }
            }
          }
          lineItems(first: 20) {
            nodes {
              ${lineItemFields}
            }
          }
        }
      }
    }
  `,
};

/** The page, kept as raw objects: each order is then read exactly as a bulk result line is. */
export const ReconcileOrdersPage = z.object({
  orders: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    nodes: z.array(
      z
        .object({
          id: z.string(),
          lineItems: z.object({ nodes: z.array(z.record(z.string(), z.unknown())) }),
        })
        .passthrough(),
    ),
  }),
});
