import { z } from "zod";
import type { AdminOperation } from "../admin-client.server";

const shopMoney = "shopMoney { amount currencyCode }";

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
          id
          name
          email
          customer {
            id
          }
          sourceName
          displayFinancialStatus
          displayFulfillmentStatus
          currencyCode
          subtotalPriceSet { ${shopMoney} }
          totalDiscountsSet { ${shopMoney} }
          totalShippingPriceSet { ${shopMoney} }
          totalTaxSet { ${shopMoney} }
          totalPriceSet { ${shopMoney} }
          test
          tags
          customAttributes {
            key
            value
          }
          createdAt
          processedAt
          cancelledAt
          cancelReason
          updatedAt
          refunds(first: 3) {
            id
            note
            createdAt
            refundLineItems(first: 5) {
              edges {
                node {
                  id
                  lineItem {
                    id
                  }
                  quantity
                  subtotalSet { ${shopMoney} }
                  totalTaxSet { ${shopMoney} }
                  restockType
                  location {
                    id
                  }
                }
              }
            }
          }
          lineItems(first: 20) {
            nodes {
              id
              variant {
                id
              }
              product {
                id
              }
              sku
              title
              quantity
              originalUnitPriceSet { ${shopMoney} }
              totalDiscountSet { ${shopMoney} }
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
