// Every GraphQL document Keel sends to the Admin API must validate against Shopify's real Admin schema
// (data/shopify/admin_schema_2025-01.json.gz, from Shopify's dev-mcp repository), so a typo or a field that
// does not exist is caught here and not by a merchant's failed sync.
import { describe, expect, it } from "vitest";
import { parse, validate, type OperationDefinitionNode } from "graphql";
import { adminSchema } from "../../support/admin-schema";
import type { AdminOperation } from "~/shopify/admin-client.server";
import { requestedCost, SINGLE_QUERY_MAX_COST } from "../../../sandbox/server/cost";

const modules = import.meta.glob<Record<string, unknown>>("../../../app/**/queries/*.ts", { eager: true });

const operations: [string, AdminOperation][] = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(
      (entry): entry is [string, AdminOperation] =>
        typeof entry[1] === "object" && entry[1] !== null && "document" in entry[1] && "name" in entry[1],
    )
    .map(([name, operation]): [string, AdminOperation] => [
      `${file.replace(/^.*app\//, "app/")} ${name}`,
      operation,
    ]),
);

function errorsOf(document: string): string[] {
  return validate(adminSchema(), parse(document)).map((error) => error.message);
}

describe("Admin API documents", () => {
  it("finds the app's documents", () => {
    expect(operations.map(([label]) => label)).toEqual(
      expect.arrayContaining([
        "app/shopify/queries/shop.ts shopDetailsQuery",
        "app/shopify/queries/deletions.ts reconcileProductDeletions",
      ]),
    );
  });

  it.each(operations)("%s validates against the Admin schema", (_label, operation) => {
    expect(errorsOf(operation.document)).toEqual([]);
    const definition = parse(operation.document).definitions[0] as OperationDefinitionNode;
    expect(definition.name?.value).toBe(operation.name);
  });

  // Shopify refuses a query whose requested cost (objects 1, connections 2 + page size × one node) is above
  // 1,000 points; the sandbox computes it by the same rules. Paged documents must fit, whatever page they ask.
  it.each(operations)("%s stays within Shopify's single-query cost", (_label, operation) => {
    const definition = parse(operation.document).definitions[0] as OperationDefinitionNode;
    expect(requestedCost(adminSchema(), definition, {}, {})).toBeLessThanOrEqual(SINGLE_QUERY_MAX_COST);
  });

  it("prices reconciliation's pages as their documents say", async () => {
    const reconcile = await import("~/shopify/queries/reconcile");
    const deletions = await import("~/shopify/queries/deletions");
    const cost = (operation: AdminOperation) =>
      requestedCost(
        adminSchema(),
        parse(operation.document).definitions[0] as OperationDefinitionNode,
        {},
        {},
      );
    expect({
      orders: cost(reconcile.reconcileOrders),
      orderLines: cost(reconcile.reconcileOrderLines),
      orderRefunds: cost(reconcile.reconcileOrderRefunds),
      refundLines: cost(reconcile.reconcileRefundLines),
      products: cost(reconcile.reconcileProducts),
      productVariants: cost(reconcile.reconcileProductVariants),
      inventoryItems: cost(reconcile.reconcileInventoryItems),
      locations: cost(reconcile.reconcileLocations),
      inventoryLevels: cost(reconcile.reconcileInventoryLevels),
      customers: cost(reconcile.reconcileCustomers),
      productDeletions: cost(deletions.reconcileProductDeletions),
    }).toEqual({
      orders: 809,
      orderLines: 703,
      orderRefunds: 951,
      refundLines: 703,
      products: 782,
      productVariants: 753,
      inventoryItems: 502,
      locations: 252,
      inventoryLevels: 803,
      customers: 752,
      productDeletions: 252,
    });
  });

  it("would catch a field the Admin API does not have", () => {
    const errors = errorsOf("query Bad { shop { name currencyCodee } }");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Cannot query field "currencyCodee" on type "Shop"/);
  });
});
