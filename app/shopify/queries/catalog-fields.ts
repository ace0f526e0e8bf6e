/**
 * The product, variant, inventory and customer fields Keel reads, shared by the backfill's bulk queries and
 * reconciliation's paged queries so that both bring the same records (app/sync/backfill/records.ts parses
 * either). Only the connections' paging differs.
 */

export const productFields = /* GraphQL */ `
  id
  title
  handle
  vendor
  productType
  status
  tags
  createdAt
  updatedAt
`;

/** An inventory item as a variant carries it: its unit cost and whether Shopify tracks it. */
export const inventoryItemFields = /* GraphQL */ `
  id
  tracked
  unitCost {
    amount
    currencyCode
  }
`;

export const variantFields = /* GraphQL */ `
  id
  title
  sku
  barcode
  price
  compareAtPrice
  position
  updatedAt
  inventoryItem {
    ${inventoryItemFields}
  }
`;

export const inventoryLevelFields = /* GraphQL */ `
  id
  location {
    id
  }
  quantities(names: ["available", "on_hand", "committed", "incoming"]) {
    name
    quantity
  }
  updatedAt
`;

export const customerFields = /* GraphQL */ `
  id
  email
  firstName
  lastName
  phone
  defaultAddress {
    city
    province
    countryCodeV2
  }
  state
  tags
  emailMarketingConsent {
    marketingState
  }
  createdAt
  updatedAt
`;
