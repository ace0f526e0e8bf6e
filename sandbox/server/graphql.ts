/**
 * The Admin GraphQL endpoint's core: the real Admin schema (introspection of API 2025-01, data/shopify),
 * validation with Shopify-style error codes, cost checks against the bucket, and execution with the generic
 * resolver. Transport (HTTP, tokens, recording) is http.ts's job.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { FieldError } from "./connections";
import { CostBucket, requestedCost, SINGLE_QUERY_MAX_COST, type ThrottleStatus } from "./cost";
import { adminFieldResolver, adminTypeResolver, type ResolverContext } from "./resolvers";

const SCHEMA_PATH = new URL("../../data/shopify/admin_schema_2025-01.json.gz", import.meta.url);
let cachedSchema: GraphQLSchema | undefined;

/** Shopify's Admin GraphQL schema, API 2025-01, loaded once per process. */
export function adminSchema(): GraphQLSchema {
  cachedSchema ??= buildClientSchema(JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")).data);
  return cachedSchema;
}

export interface GraphqlErrorBody {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code: string } & Record<string, unknown>;
}

export interface GraphqlResponse {
  data?: unknown;
  errors?: GraphqlErrorBody[];
  extensions?: Record<string, unknown>;
}

// graphql-ruby's static validation codes (the library behind Shopify's API), for the rules a client most
// often trips; other rules answer "validationError".
const RULE_CODES: Record<string, string> = {
  FieldsOnCorrectTypeRule: "undefinedField",
  KnownArgumentNamesRule: "argumentNotAccepted",
  ProvidedRequiredArgumentsRule: "missingRequiredArguments",
  KnownTypeNamesRule: "undefinedType",
  NoUndefinedVariablesRule: "variableNotDefined",
  NoUnusedVariablesRule: "variableNotUsed",
  ScalarLeafsRule: "selectionMismatch",
  ValuesOfCorrectTypeRule: "argumentLiteralsIncompatible",
  VariablesInAllowedPositionRule: "variableMismatch",
  KnownFragmentNamesRule: "undefinedFragment",
  NoUnusedFragmentsRule: "useAndDefineFragment",
  UniqueArgumentNamesRule: "argumentNotUnique",
};

/** Parses and validates `query`; the document, or Shopify-shaped errors. */
export function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
): { ok: true; document: DocumentNode } | { ok: false; errors: GraphqlErrorBody[] } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { ok: false, errors: [formatError(error as GraphQLError, "parseError")] };
  }
  const errors = validate(schema, document);
  if (errors.length === 0) return { ok: true, document };
  // Attribute a code to each message by finding which rule reports it.
  const codes = new Map<string, string>();
  for (const rule of specifiedRules as readonly ValidationRule[]) {
    const code = RULE_CODES[rule.name];
    if (!code) continue;
    for (const error of validate(schema, document, [rule])) codes.set(error.message, code);
  }
  return {
    ok: false,
    errors: errors.map((error) => formatError(error, codes.get(error.message) ?? "validationError")),
  };
}

export interface ExecuteOptions {
  schema: GraphQLSchema;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string | null;
  bucket: CostBucket;
  context: Omit<ResolverContext, "actualCost" | "isMutation" | "searchWarnings">;
}

export interface ExecuteResult {
  response: GraphqlResponse;
  operationName: string | null;
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
}

/** Validates, prices and runs one Admin API request. */
export async function runGraphql(options: ExecuteOptions): Promise<ExecuteResult> {
  const { schema, bucket } = options;
  const validated = parseAndValidate(schema, options.query);
  if (!validated.ok)
    return { response: { errors: validated.errors }, operationName: options.operationName ?? null };
  const { document } = validated;
  const operation = getOperationAST(document, options.operationName ?? undefined);
  const operationName = operation?.name?.value ?? options.operationName ?? null;
  if (!operation) {
    const message = options.operationName
      ? `No operation named "${options.operationName}"`
      : "An operation name is required when the document holds several operations";
    return { response: { errors: [{ message, extensions: { code: "operationNotFound" } }] }, operationName };
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], options.variables);
  if (coerced.errors) {
    return {
      response: { errors: coerced.errors.map((error) => formatError(error, "INVALID_VARIABLE")) },
      operationName,
    };
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const requested = requestedCost(schema, operation, fragments, coerced.coerced);
  if (requested > SINGLE_QUERY_MAX_COST) {
    const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`;
    const errors = [{ message, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: 1000 } }];
    return {
      response: { errors, extensions: costExtension(requested, null, bucket.status()) },
      operationName,
      requestedQueryCost: requested,
      actualQueryCost: null,
    };
  }
  if (!bucket.take(requested)) {
    const errors = [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ];
    return {
      response: { errors, extensions: costExtension(requested, null, bucket.status()) },
      operationName,
      requestedQueryCost: requested,
      actualQueryCost: null,
    };
  }
  const context: ResolverContext = {
    ...options.context,
    actualCost: 0,
    isMutation: operation.operation === "mutation",
    searchWarnings: [],
  };
  const result = await execute({
    schema,
    document,
    operationName: options.operationName ?? undefined,
    variableValues: options.variables,
    contextValue: context,
    rootValue: {},
    fieldResolver: adminFieldResolver,
    typeResolver: adminTypeResolver,
  });
  const actual = Math.min(requested, context.actualCost);
  bucket.giveBack(requested - actual);
  const extensions: Record<string, unknown> = costExtension(requested, actual, bucket.status());
  if (context.searchWarnings.length > 0) extensions.search = context.searchWarnings;
  const response: GraphqlResponse = { data: result.data ?? null, extensions };
  if (result.errors?.length) response.errors = result.errors.map((error) => formatError(error));
  return { response, operationName, requestedQueryCost: requested, actualQueryCost: actual };
}

function costExtension(requested: number, actual: number | null, throttleStatus: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus } };
}

function formatError(error: GraphQLError, code?: string): GraphqlErrorBody {
  const original = error.originalError;
  const resolvedCode =
    code ??
    (original instanceof FieldError ? original.code : original ? "INTERNAL_SERVER_ERROR" : "GRAPHQL_ERROR");
  const body: GraphqlErrorBody = { message: error.message, extensions: { code: resolvedCode } };
  if (error.locations) body.locations = error.locations.map(({ line, column }) => ({ line, column }));
  if (error.path) body.path = error.path;
  return body;
}
