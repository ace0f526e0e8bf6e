/**
 * The order fields Keel reads, shared by the backfill's bulk query and reconciliation's paged query so that both
 * bring the same record (app/sync/backfill/records.ts parses either). Only the connections' paging differs.
 */

export const shopMoney = "shopMoney { amount currencyCode }";

/** An order's own fields, without its refunds and line items. */
export const orderFields = /* GraphQL */ `
  id
  name
  email
  customer { id }
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
  customAttributes { key value }
  createdAt
  processedAt
  cancelledAt
  cancelReason
  updatedAt
`;

export const refundFields = "id note createdAt";

export const refundLineItemFields = /* GraphQL */ `
  id
  lineItem { id }
  quantity
  subtotalSet { ${shopMoney} }
  totalTaxSet { ${shopMoney} }
  restockType
  location { id }
`;

export const lineItemFields = /* GraphQL */ `
  id
  variant { id }
  product { id }
  sku
  title
  quantity
  originalUnitPriceSet { ${shopMoney} }
  totalDiscountSet { ${shopMoney} }
`;
