// Every GraphQL document Keel sends to the Admin API must validate against Shopify's real Admin schema
// (data/shopify/admin_schema_2025-01.json.gz, from Shopify's dev-mcp repository), so a typo or a field that
// does not exist is caught here and not by a merchant's failed sync.
import { describe, expect, it } from "vitest";
import { parse, validate, type OperationDefinitionNode } from "graphql";
import { adminSchema } from "../../support/admin-schema";
import type { AdminOperation } from "~/shopify/admin-client.server";

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
    expect(operations.map(([label]) => label)).toContain("app/shopify/queries/shop.ts shopDetailsQuery");
  });

  it.each(operations)("%s validates against the Admin schema", (_label, operation) => {
    expect(errorsOf(operation.document)).toEqual([]);
    const definition = parse(operation.document).definitions[0] as OperationDefinitionNode;
    expect(definition.name?.value).toBe(operation.name);
  });

  it("would catch a field the Admin API does not have", () => {
    const errors = errorsOf("query Bad { shop { name currencyCodee } }");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Cannot query field "currencyCodee" on type "Shop"/);
  });
});
