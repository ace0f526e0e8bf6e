import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema } from "graphql";

let schema: GraphQLSchema | undefined;

/** Shopify's Admin GraphQL schema (introspection of API 2025-01, data/shopify). */
export function adminSchema(): GraphQLSchema {
  schema ??= buildClientSchema(
    JSON.parse(gunzipSync(readFileSync("data/shopify/admin_schema_2025-01.json.gz")).toString("utf8")).data,
  );
  return schema;
}
