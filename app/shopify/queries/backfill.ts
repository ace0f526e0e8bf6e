/**
 * The bulk queries of the install backfill: the whole store, resource by resource. Connections need no
 * `first` in a bulk query; each node becomes one JSONL line, nested ones with `__parentId`.
 */
import type { AdminOperation } from "../admin-client.server";
import { customerFields, inventoryLevelFields, productFields, variantFields } from "./catalog-fields";
import { lineItemFields, orderFields, refundFields, refundLineItemFields } from "./order-fields";

export const backfillLocations: AdminOperation = {
  name: "BackfillLocations",
  document: /* GraphQL */ `
    query BackfillLocations {
      locations(includeInactive: true) {
        edges {
          node {
            id
            name
            isActive
            fulfillsOnlineOrders
            address {
              countryCode
            }
            updatedAt
          }
        }
      }
    }
  `,
};

export const backfillProducts: AdminOperation = {
  name: "BackfillProducts",
  document: /* GraphQL */ `
    query BackfillProducts {
      products {
        edges {
          node {
            ${productFields}
            variants {
              edges {
                node {
                  ${variantFields}
                }
              }
            }
          }
        }
      }
    }
  `,
};

/**
 * Inventory on its own: Shopify allows bulk queries only two connections deep, and products > variants >
 * inventory levels would be three.
 */
export const backfillInventory: AdminOperation = {
  name: "BackfillInventory",
  document: /* GraphQL */ `
    query BackfillInventory {
      inventoryItems {
        edges {
          node {
            id
            inventoryLevels {
              edges {
                node {
                  ${inventoryLevelFields}
                }
              }
            }
          }
        }
      }
    }
  `,
};

export const backfillCustomers: AdminOperation = {
  name: "BackfillCustomers",
  document: /* GraphQL */ `
    query BackfillCustomers {
      customers {
        edges {
          node {
            ${customerFields}
          }
        }
      }
    }
  `,
};

export const backfillOrders: AdminOperation = {
  name: "BackfillOrders",
  document: /* GraphQL */ `
    query BackfillOrders {
      orders {
        edges {
          node {
            ${orderFields}
            refunds {
              ${refundFields}
              refundLineItems {
                edges {
                  node {
                    ${refundLineItemFields}
                  }
                }
              }
            }
            lineItems {
              edges {
                node {
                  ${lineItemFields}
                }
              }
            }
          }
        }
      }
    }
  `,
};
