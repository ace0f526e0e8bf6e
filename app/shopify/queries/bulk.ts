import { z } from "zod";
import type { AdminOperation } from "../admin-client.server";

/** Starts a bulk query: Shopify runs `query` over the whole store and writes the result as JSONL. */
export const bulkOperationRunQuery: AdminOperation = {
  name: "BulkOperationRunQuery",
  document: /* GraphQL */ `
    mutation BulkOperationRunQuery($query: String!) {
      bulkOperationRunQuery(query: $query) {
        bulkOperation {
          id
          status
        }
        userErrors {
          field
          message
        }
      }
    }
  `,
};

export const BulkOperationRunQueryResult = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string() })),
  }),
});

/** A bulk operation's progress, polled by id until it completes. */
export const bulkOperationStatus: AdminOperation = {
  name: "BulkOperationStatus",
  document: /* GraphQL */ `
    query BulkOperationStatus($id: ID!) {
      node(id: $id) {
        ... on BulkOperation {
          id
          status
          errorCode
          objectCount
          url
          partialDataUrl
        }
      }
    }
  `,
};

export const BulkOperation = z.object({
  id: z.string(),
  status: z.enum(["CREATED", "RUNNING", "COMPLETED", "CANCELING", "CANCELED", "FAILED", "EXPIRED"]),
  errorCode: z.string().nullable(),
  /** Shopify sends this UnsignedInt64 as a string. */
  objectCount: z.coerce.number(),
  url: z.string().nullable(),
  partialDataUrl: z.string().nullable(),
});
export type BulkOperation = z.infer<typeof BulkOperation>;

export const BulkOperationStatusResult = z.object({ node: BulkOperation.nullable() });
