/**
 * One generic resolver for every field of the Admin schema: the store's objects carry Admin field names, so
 * most fields are plain properties; connection fields page the store's arrays; a few fields the API derives
 * (a variant's `product`, `legacyResourceId`, `quantities(names:)`) are computed here. A field the store has
 * no value for and the schema declares non-null is refused with a clear error instead of an invented value.
 */
import {
  getNamedType,
  isCompositeType,
  isNonNullType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLTypeResolver,
} from "graphql";
import type {
  SandboxDeletionEvent,
  SandboxInventoryLevel,
  SandboxProduct,
  SandboxVariant,
} from "../store/types";
import { FieldError, paginate, type ConnectionArgs } from "./connections";
import { MUTATION_COST } from "./cost";
import { isConnectionType, isEdgeType } from "./schema-types";
import { compileSearch, searchFieldsOf, type SearchFields, type SearchWarning } from "./search";
import { typeOfGid, type StoreIndex } from "./store-index";

/** What the GraphQL side needs from the bulk operation runner. */
export interface BulkApi {
  current(type: string): object | null;
  byId(id: string): object | null;
  runQuery(query: string): { bulkOperation: object | null; userErrors: object[] };
  cancel(id: string): { bulkOperation: object | null; userErrors: object[] };
}

export interface ResolverContext {
  index: StoreIndex;
  bulk: BulkApi;
  /** The actual cost, counted as fields resolve: objects 1, connections 2, mutations 10. */
  actualCost: number;
  isMutation: boolean;
  searchWarnings: { path: (string | number)[]; query: string; warnings: SearchWarning[] }[];
}

type Source = Record<string, unknown>;
type Args = Record<string, unknown>;
type Derivation = (source: Source, args: Args, context: ResolverContext) => unknown;

// Fields the Admin API computes from others. Keys are `Type.field`, or `*.field` for every type.
const DERIVED: Record<string, Derivation> = {
  "*.legacyResourceId": (source) =>
    typeof source.id === "string" ? /\/(\d+)/.exec(source.id)?.[1] : undefined,
  "ProductVariant.product": (source, _args, context) => context.index.catalogParent(source),
  "InventoryItem.variant": (source, _args, context) => context.index.catalogParent(source),
  "InventoryLevel.item": (source, _args, context) => context.index.catalogParent(source),
  "Refund.order": (source, _args, context) => context.index.refundOrder(source),
  "ProductVariant.inventoryQuantity": (source) =>
    (source as unknown as SandboxVariant).inventoryItem.inventoryLevels.reduce(
      (sum, level) => sum + (level.quantities.find((q) => q.name === "available")?.quantity ?? 0),
      0,
    ),
  "Product.variantsCount": (source) => ({
    count: (source as unknown as SandboxProduct).variants.length,
    precision: "EXACT",
  }),
  "Product.totalVariants": (source) => (source as unknown as SandboxProduct).variants.length,
  "Shop.url": (source) => `https://${String(source.myshopifyDomain)}`,
  "Location.inventoryLevels": (source, _args, context) => context.index.levelsAt(String(source.id)),
  "Location.inventoryLevel": (source, args, context) =>
    context.index.levelsAt(String(source.id)).find((level) => {
      return (context.index.catalogParent(level) as { id?: string } | undefined)?.id === args.inventoryItemId;
    }) ?? null,
  "LineItem.variantTitle": (source) => (source.variant as SandboxVariant | null)?.title ?? null,
  "LineItem.vendor": (source) => (source.product as SandboxProduct | null)?.vendor ?? null,
};

/**
 * The value of `fieldName` on a store object: its own property, else a derivation, else undefined.
 * Shared by GraphQL execution and bulk operations so both answer the same.
 */
export function fieldValue(
  context: ResolverContext,
  typeName: string,
  source: Source,
  fieldName: string,
  args: Args,
): unknown {
  const own = source[fieldName];
  if (own !== undefined) {
    if (typeName === "InventoryLevel" && fieldName === "quantities") {
      const names = args.names as string[];
      return (own as SandboxInventoryLevel["quantities"]).filter((q) => names.includes(q.name));
    }
    return own;
  }
  const derive = DERIVED[`${typeName}.${fieldName}`] ?? DERIVED[`*.${fieldName}`];
  return derive ? derive(source, args, context) : undefined;
}

/** The root lists and single objects of `QueryRoot` that the sandbox serves. */
export function queryRootValue(fieldName: string, args: Args, context: ResolverContext): unknown {
  const { store } = context.index;
  const typed = (type: string) => {
    const id = String(args.id);
    return typeOfGid(id) === type ? (context.index.byId(id) ?? null) : null;
  };
  switch (fieldName) {
    case "shop":
      return store.shop;
    case "node":
      return lookupNode(String(args.id), context);
    case "nodes":
      return (args.ids as string[]).map((id) => lookupNode(id, context));
    case "products":
      return store.products;
    case "productVariants":
      return context.index.variants();
    case "inventoryItems":
      return context.index.inventoryItems();
    case "customers":
      return store.customers;
    case "orders":
      return store.orders;
    case "locations":
      return args.includeInactive ? store.locations : store.locations.filter((location) => location.isActive);
    case "deletionEvents":
      return deletionEvents(store.deletionEvents ?? [], args.subjectTypes as string[] | null | undefined);
    case "product":
      return typed("Product");
    case "productVariant":
      return typed("ProductVariant");
    case "inventoryItem":
      return typed("InventoryItem");
    case "inventoryLevel":
      return typed("InventoryLevel");
    case "customer":
      return typed("Customer");
    case "order":
      return typed("Order");
    case "location":
      return typed("Location");
    case "currentBulkOperation":
      return context.bulk.current(String(args.type ?? "QUERY"));
    default:
      throw new FieldError(`The sandbox does not serve QueryRoot.${fieldName}.`, "SANDBOX_UNSUPPORTED_FIELD");
  }
}

/** The store's deletion events of the subject types asked for (all of them without `subjectTypes`). */
function deletionEvents(events: SandboxDeletionEvent[], subjectTypes: string[] | null | undefined) {
  // The unfiltered list is the store's own array, so its sorted copy stays cached while pages are read.
  if (!subjectTypes || subjectTypes.length === 0) return events;
  return events.filter((event) => subjectTypes.includes(event.subjectType));
}

function mutationRootValue(fieldName: string, args: Args, context: ResolverContext): unknown {
  switch (fieldName) {
    case "bulkOperationRunQuery":
      return context.bulk.runQuery(String(args.query));
    case "bulkOperationCancel":
      return context.bulk.cancel(String(args.id));
    default:
      throw new FieldError(`The sandbox does not serve Mutation.${fieldName}.`, "SANDBOX_UNSUPPORTED_FIELD");
  }
}

/** `node(id:)`: any store object or bulk operation by global id; null when unknown, as Shopify answers. */
export function lookupNode(id: string, context: ResolverContext): object | null {
  if (typeOfGid(id) === "BulkOperation") return context.bulk.byId(id);
  return context.index.byId(id) ?? null;
}

/** The Admin API type of a store object: its `__typename` if it has one, else the type its global id names. */
export function typeNameOf(value: unknown): string | undefined {
  const source = value as Source;
  return (typeof source.__typename === "string" ? source.__typename : undefined) ?? typeOfGid(source.id);
}

/** Resolves an abstract type (`Node`, ...) from the object's global id. */
export const adminTypeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) => typeNameOf(value);

/** The field resolver given to graphql-js `execute` for every Admin schema field. */
export const adminFieldResolver: GraphQLFieldResolver<unknown, ResolverContext, Args> = (
  source,
  args,
  context,
  info,
) => {
  const { schema, parentType, fieldName, returnType } = info;
  const named = getNamedType(returnType);
  let value: unknown;
  if (parentType === schema.getMutationType()) {
    context.actualCost += MUTATION_COST;
    return mutationRootValue(fieldName, args, context);
  }
  if (parentType === schema.getQueryType()) value = queryRootValue(fieldName, args, context);
  else value = fieldValue(context, parentType.name, source as Source, fieldName, args);

  if (isConnectionType(named) && Array.isArray(value)) {
    const fields = args.query ? connectionSearchFields(parentType.getFields()[fieldName]) : undefined;
    if (args.query) {
      const { warnings } = compileSearch(String(args.query), fields);
      if (warnings.length > 0) {
        context.searchWarnings.push({ path: pathOf(info.path), query: String(args.query), warnings });
      }
    }
    value = paginate(value, args as ConnectionArgs, fieldName, fields);
  } else if (Array.isArray(value) && typeof args.first === "number") {
    value = value.slice(0, args.first);
  }
  if (value === undefined) value = null;
  if (value === null && isNonNullType(returnType)) {
    throw new FieldError(
      `The sandbox store has no value for ${parentType.name}.${fieldName}, which the Admin API never leaves null.`,
      "SANDBOX_MISSING_DATA",
    );
  }
  if (!context.isMutation && value !== null)
    context.actualCost += objectCost(named, parentType, fieldName, value);
  return value;
};

const searchFieldCache = new WeakMap<object, SearchFields | undefined>();

/** The filters a connection field's `query` argument accepts, as its schema description lists them. */
function connectionSearchFields(field: GraphQLField<unknown, unknown> | undefined): SearchFields | undefined {
  const argument = field?.args.find((a) => a.name === "query");
  if (!argument) return undefined;
  if (!searchFieldCache.has(argument)) searchFieldCache.set(argument, searchFieldsOf(argument.description));
  return searchFieldCache.get(argument);
}

/** Actual cost of one resolved field, mirroring the requested-cost rules in cost.ts. */
function objectCost(
  named: GraphQLNamedType,
  parent: GraphQLNamedType,
  fieldName: string,
  value: unknown,
): number {
  if (isConnectionType(named)) return 2;
  if (isConnectionType(parent)) return fieldName === "nodes" && Array.isArray(value) ? value.length : 0;
  if (isEdgeType(parent)) return fieldName === "node" ? 1 : 0;
  if (!isCompositeType(named) || isEdgeType(named) || named.name === "PageInfo") return 0;
  return Array.isArray(value) ? value.filter((v) => v != null).length : 1;
}

function pathOf(path: { prev: unknown; key: string | number } | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let p = path; p; p = p.prev as typeof path) keys.unshift(p.key);
  return keys;
}
