/**
 * Reconciliation's paged queries: each resource's records changed since a mark, in pages that each stay
 * within Shopify's 1,000-point query cost (objects 1, connections 2 + page size × one node). The costs below
 * are the requested costs by those rules; test/unit/shopify/documents.test.ts computes them and keeps them
 * under the limit. Fields are the backfill's (order-fields.ts, catalog-fields.ts), so every node is read
 * exactly as a bulk result line is.
 *
 * Which filter each connection accepts is the Admin schema's own table for its `query` argument (2025-01):
 * `products`, `orders`, `inventoryItems` and `Location.inventoryLevels` take `updated_at` at the instant;
 * `customers` takes `updated_at` "matching a whole day", so callers ask from the start of a day.
 */
import { z } from "zod";
import type { AdminOperation } from "../admin-client.server";
import {
  customerFields,
  inventoryItemFields,
  inventoryLevelFields,
  productFields,
  variantFields,
} from "./catalog-fields";
import { lineItemFields, orderFields, refundFields, refundLineItemFields } from "./order-fields";

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
/** A node kept as the raw object: it is then read by the bulk line parser, field for field. */
const RawNode = z.object({ id: z.string() }).passthrough();
/** A refund with its first page of lines (and whether more follow). */
const RefundNode = RawNode.extend({
  refundLineItems: z.object({ pageInfo: PageInfo, edges: z.array(z.object({ node: RawNode })) }),
});

/** `first` refunds of an order, each with its first five lines and whether more follow (38 points a refund). */
const refunds = (first: number) => /* GraphQL */ `
  refunds(first: ${first}) {
    ${refundFields}
    refundLineItems(first: 5) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ${refundLineItemFields}
        }
      }
    }
  }`;

/**
 * Orders changed since a mark, oldest change first, three per page with up to 20 lines and 3 refunds of up to
 * 5 lines each: 2 + 3 × (13 + 3 × 38 + (2 + 20 × 7)) = 809 points. An order with more lines has the rest paged
 * by `reconcileOrderLines`; one with three refunds is read again with up to 25 (`reconcileOrderRefunds`), and a
 * refund with more lines has them paged by `reconcileRefundLines`.
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
          ${refunds(3)}
          lineItems(first: 20) {
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              ${lineItemFields}
            }
          }
        }
      }
    }
  `,
};

export const ReconcileOrdersPage = z.object({
  orders: z.object({
    pageInfo: PageInfo,
    nodes: z.array(
      RawNode.extend({
        lineItems: z.object({ pageInfo: PageInfo, nodes: z.array(RawNode) }),
        refunds: z.array(RefundNode),
      }),
    ),
  }),
});

/** The rest of one order's lines, 100 a page: 1 + 2 + 100 × 7 = 703 points. */
export const reconcileOrderLines: AdminOperation = {
  name: "ReconcileOrderLines",
  document: /* GraphQL */ `
    query ReconcileOrderLines($id: ID!, $after: String) {
      order(id: $id) {
        lineItems(first: 100, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ${lineItemFields}
          }
        }
      }
    }
  `,
};

export const ReconcileOrderLinesPage = z.object({
  order: z.object({ lineItems: z.object({ pageInfo: PageInfo, nodes: z.array(RawNode) }) }).nullable(),
});

/** The refunds of an order Shopify lists (a list, not a connection): up to 25, 1 + 25 × 38 = 951 points. */
export const reconcileOrderRefunds: AdminOperation = {
  name: "ReconcileOrderRefunds",
  document: /* GraphQL */ `
    query ReconcileOrderRefunds($id: ID!) {
      order(id: $id) {
        ${refunds(25)}
      }
    }
  `,
};

export const ReconcileOrderRefundsPage = z.object({
  order: z.object({ refunds: z.array(RefundNode) }).nullable(),
});

/** The rest of one refund's lines, 100 a page: 1 + 2 + 100 × 7 = 703 points. */
export const reconcileRefundLines: AdminOperation = {
  name: "ReconcileRefundLines",
  document: /* GraphQL */ `
    query ReconcileRefundLines($id: ID!, $after: String) {
      node(id: $id) {
        ... on Refund {
          refundLineItems(first: 100, after: $after) {
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              node {
                ${refundLineItemFields}
              }
            }
          }
        }
      }
    }
  `,
};

export const ReconcileRefundLinesPage = z.object({
  node: z
    .object({
      refundLineItems: z.object({ pageInfo: PageInfo, edges: z.array(z.object({ node: RawNode })) }),
    })
    .nullable(),
});

/**
 * Products changed since a mark, oldest change first, ten per page with up to 25 variants and their inventory
 * items (unit cost, tracking): 2 + 10 × (1 + 2 + 25 × 3) = 782 points. A product with more variants has the
 * rest paged by `reconcileProductVariants`.
 */
export const reconcileProducts: AdminOperation = {
  name: "ReconcileProducts",
  document: /* GraphQL */ `
    query ReconcileProducts($query: String!, $after: String) {
      products(first: 10, after: $after, query: $query, sortKey: UPDATED_AT) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ${productFields}
          variants(first: 25) {
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              ${variantFields}
            }
          }
        }
      }
    }
  `,
};

export const ReconcileProductsPage = z.object({
  products: z.object({
    pageInfo: PageInfo,
    nodes: z.array(RawNode.extend({ variants: z.object({ pageInfo: PageInfo, nodes: z.array(RawNode) }) })),
  }),
});

/** The rest of one product's variants, 250 a page: 1 + 2 + 250 × 3 = 753 points. */
export const reconcileProductVariants: AdminOperation = {
  name: "ReconcileProductVariants",
  document: /* GraphQL */ `
    query ReconcileProductVariants($id: ID!, $after: String) {
      product(id: $id) {
        variants(first: 250, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ${variantFields}
          }
        }
      }
    }
  `,
};

export const ReconcileProductVariantsPage = z.object({
  product: z.object({ variants: z.object({ pageInfo: PageInfo, nodes: z.array(RawNode) }) }).nullable(),
});

/**
 * Inventory items changed since a mark (a unit cost or tracking edited: Shopify sends inventory_items/update,
 * and the product's own updated_at need not move), 250 per page: 2 + 250 × 2 = 502 points. The connection has
 * no sort key; Shopify lists items by id.
 */
export const reconcileInventoryItems: AdminOperation = {
  name: "ReconcileInventoryItems",
  document: /* GraphQL */ `
    query ReconcileInventoryItems($query: String!, $after: String) {
      inventoryItems(first: 250, after: $after, query: $query) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ${inventoryItemFields}
          updatedAt
        }
      }
    }
  `,
};

export const ReconcileInventoryItemsPage = z.object({
  inventoryItems: z.object({ pageInfo: PageInfo, nodes: z.array(RawNode) }),
});

/** Every location, inactive ones too (their levels are Keel's as well), 250 per page: 2 + 250 × 1 = 252 points. */
export const reconcileLocations: AdminOperation = {
  name: "ReconcileLocations",
  document: /* GraphQL */ `
    query ReconcileLocations($after: String) {
      locations(first: 250, after: $after, includeInactive: true) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
        }
      }
    }
  `,
};

export const ReconcileLocationsPage = z.object({
  locations: z.object({ pageInfo: PageInfo, nodes: z.array(z.object({ id: z.string() })) }),
});

/**
 * The inventory levels at one location changed since a mark, 200 per page: 1 + 2 + 200 × 4 = 803 points.
 * Levels are reachable by time only through a location (`Location.inventoryLevels(query: "updated_at:…")`;
 * `inventoryItems(query: "updated_at:…")` filters on the item, whose updated_at a quantity change does not
 * move), and the connection has no sort key.
 */
export const reconcileInventoryLevels: AdminOperation = {
  name: "ReconcileInventoryLevels",
  document: /* GraphQL */ `
    query ReconcileInventoryLevels($locationId: ID!, $query: String!, $after: String) {
      location(id: $locationId) {
        inventoryLevels(first: 200, after: $after, query: $query) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ${inventoryLevelFields}
            item {
              id
            }
          }
        }
      }
    }
  `,
};

export const ReconcileInventoryLevelsPage = z.object({
  location: z
    .object({
      inventoryLevels: z.object({
        pageInfo: PageInfo,
        nodes: z.array(RawNode.extend({ item: z.object({ id: z.string() }) })),
      }),
    })
    .nullable(),
});

/** Customers changed since a mark, oldest change first, 250 per page: 2 + 250 × 3 = 752 points. */
export const reconcileCustomers: AdminOperation = {
  name: "ReconcileCustomers",
  document: /* GraphQL */ `
    query ReconcileCustomers($query: String!, $after: String) {
      customers(first: 250, after: $after, query: $query, sortKey: UPDATED_AT) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ${customerFields}
        }
      }
    }
  `,
};

export const ReconcileCustomersPage = z.object({
  customers: z.object({ pageInfo: PageInfo, nodes: z.array(RawNode) }),
});
