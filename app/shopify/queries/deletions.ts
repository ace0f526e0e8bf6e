/**
 * What Shopify deleted, for reconciliation: a deleted product is gone from every "changed since" query, and
 * its deletion event is the only trace left of it, so a lost products/delete is found here. Shopify keeps
 * such events for products and collections only; deleted orders and customers leave none.
 *
 * The 2025-01 schema marks `deletionEvents` deprecated ("Use `events` instead") but serves it; its filters
 * (the schema's table for `query`) are `id` and `occurred_at`, its sort keys `CREATED_AT`, `ID` and
 * `RELEVANCE`.
 */
import { z } from "zod";
import type { AdminOperation } from "../admin-client.server";

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

/**
 * Products deleted since a mark, oldest first, 250 per page: 2 + 250 × 1 = 252 points. No sort key is named
 * after `occurred_at`; an event is created when its deletion occurs, so `CREATED_AT` is that order.
 */
export const reconcileProductDeletions: AdminOperation = {
  name: "ReconcileProductDeletions",
  document: /* GraphQL */ `
    query ReconcileProductDeletions($query: String!, $after: String) {
      deletionEvents(first: 250, after: $after, subjectTypes: [PRODUCT], query: $query, sortKey: CREATED_AT) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          occurredAt
          subjectId
          subjectType
        }
      }
    }
  `,
};

/** Events are kept as answered and read one by one (`ProductDeletion`): an unreadable one is skipped alone. */
export const ReconcileProductDeletionsPage = z.object({
  deletionEvents: z.object({ pageInfo: PageInfo, nodes: z.array(z.record(z.string(), z.unknown())) }),
});

/**
 * One product's deletion: its numeric id and when it was deleted. The reference types `subjectId` only as an
 * `ID` (the Admin API's ids are global ids, `gid://shopify/Product/N`) and shows no value of it, so a bare
 * numeric id is read as well rather than leaving every deletion unread.
 */
export const ProductDeletion = z.object({
  subjectType: z.literal("PRODUCT"),
  subjectId: z
    .string()
    .regex(/^(gid:\/\/shopify\/Product\/)?\d+$/, "must be a product's id")
    .transform((value) => BigInt(/\d+$/.exec(value)![0])),
  occurredAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
});
