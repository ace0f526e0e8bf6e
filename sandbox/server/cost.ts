/**
 * Shopify's cost-based rate limiting of the Admin GraphQL API (shopify.dev, "API rate limits", "Calculated
 * query costs"): each query has a requested cost computed from the document before it runs and an actual cost
 * from what it returned; an app's requests for a shop draw from a leaky bucket (default 2000 points, refilled
 * at 100 points/s here; Shopify's standard plan is 1000 and 50/s) and a query whose requested cost exceeds
 * what is left is refused as THROTTLED. Cost rules: scalars and enums 0, objects 1, connections 2 plus
 * `first`/`last` times the cost of one node, mutations 10; a single query may not ask for more than 1000.
 */
import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type FieldNode,
} from "graphql";
import { isConnectionType } from "./schema-types";

export const SINGLE_QUERY_MAX_COST = 1000;
export const MUTATION_COST = 10;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** A leaky bucket of cost points, refilled continuously at `restoreRate` points per second. */
export class CostBucket {
  private available: number;
  private lastRefillMs: number;

  constructor(
    readonly maximumAvailable = 2000,
    readonly restoreRate = 100,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.available = maximumAvailable;
    this.lastRefillMs = nowMs();
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }

  /** Takes `cost` points if the bucket holds them; false (and nothing taken) otherwise. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points taken for a query that cost less than requested (Shopify refunds the difference). */
  giveBack(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Empties or fills the bucket, for tests. */
  set(points: number): void {
    this.refill();
    this.available = Math.max(0, Math.min(this.maximumAvailable, points));
  }

  private refill(): void {
    const now = this.nowMs();
    this.available = Math.min(
      this.maximumAvailable,
      this.available + ((now - this.lastRefillMs) / 1000) * this.restoreRate,
    );
    this.lastRefillMs = now;
  }
}

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/**
 * The requested cost of an operation, from the document alone: connections are charged for the page size
 * asked (`first`/`last`), fragments on several types are all charged (an upper bound, as Shopify does).
 * @example
 * requestedCost(schema, op, {}, {}) // `{ products(first: 10) { nodes { title } } }` → 2 + 10 × 1 = 12
 */
export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const context: CostContext = { schema, fragments, variables };
  if (operation.operation === "mutation") {
    return countFields(operation.selectionSet, context) * MUTATION_COST;
  }
  const root = operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  return root ? selectionCost(root, operation.selectionSet, context) : 0;
}

function countFields(selectionSet: SelectionSetNode, context: CostContext): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (!included(selection.directives, context)) continue;
    if (selection.kind === Kind.FIELD) count += selection.name.value === "__typename" ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countFields(selection.selectionSet, context);
    else {
      const fragment = context.fragments[selection.name.value];
      if (fragment) count += countFields(fragment.selectionSet, context);
    }
  }
  return count;
}

function selectionCost(
  parent: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  context: CostContext,
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (!included(selection.directives, context)) continue;
    if (selection.kind === Kind.FIELD) {
      cost += fieldCost(parent, selection, context);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? (context.schema.getType(selection.typeCondition.name.value) ?? parent)
        : parent;
      cost += selectionCost(type, selection.selectionSet, context);
    } else {
      const fragment = context.fragments[selection.name.value];
      const type = fragment && context.schema.getType(fragment.typeCondition.name.value);
      if (fragment && type) cost += selectionCost(type, fragment.selectionSet, context);
    }
  }
  return cost;
}

function fieldCost(parent: GraphQLNamedType, node: FieldNode, context: CostContext): number {
  if (node.name.value.startsWith("__") || !("getFields" in parent)) return 0;
  const field = (parent as GraphQLObjectType).getFields()[node.name.value] as GraphQLField<unknown, unknown>;
  if (!field) return 0;
  const type = getNamedType(field.type);
  if (isLeafType(type) || !node.selectionSet) return 0;
  if (isConnectionType(type)) {
    const size = argumentNumber(node, "first", context) ?? argumentNumber(node, "last", context) ?? 0;
    return 2 + size * connectionNodeCost(type, node.selectionSet, context);
  }
  const listed = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
  const ids = argumentValue(node, "ids", context);
  const size = !listed ? 1 : Array.isArray(ids) ? ids.length : (argumentNumber(node, "first", context) ?? 1);
  return size * (1 + selectionCost(type, node.selectionSet, context));
}

/** The cost of one node of a connection: the larger of its `edges { node }` and `nodes` selections. */
function connectionNodeCost(
  connection: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  context: CostContext,
): number {
  let cost = 0;
  const visit = (set: SelectionSetNode, type: GraphQLNamedType) => {
    for (const selection of set.selections) {
      if (!included(selection.directives, context)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, type);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = context.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, type);
      } else if (selection.selectionSet) {
        const name = selection.name.value;
        const fieldType = getNamedType((type as GraphQLObjectType).getFields()[name]?.type);
        if (!fieldType) continue;
        if (type === connection && name === "edges") visit(selection.selectionSet, fieldType);
        else if ((type === connection && name === "nodes") || (type !== connection && name === "node")) {
          cost = Math.max(cost, 1 + selectionCost(fieldType, selection.selectionSet, context));
        }
      }
    }
  };
  visit(selectionSet, connection);
  return cost;
}

function argumentValue(node: FieldNode, name: string, context: CostContext): unknown {
  const argument = node.arguments?.find((a) => a.name.value === name);
  return argument ? literal(argument.value, context) : undefined;
}

function argumentNumber(node: FieldNode, name: string, context: CostContext): number | undefined {
  const value = argumentValue(node, name, context);
  return typeof value === "number" ? value : undefined;
}

function literal(value: ValueNode, context: CostContext): unknown {
  switch (value.kind) {
    case Kind.VARIABLE:
      return context.variables[value.name.value];
    case Kind.INT:
      return Number(value.value);
    case Kind.LIST:
      return value.values.map((v) => literal(v, context));
    case Kind.STRING:
    case Kind.ENUM:
      return value.value;
    case Kind.BOOLEAN:
      return value.value;
    default:
      return undefined;
  }
}

function included(directives: FieldNode["directives"], context: CostContext): boolean {
  for (const directive of directives ?? []) {
    const condition = directive.arguments?.find((a) => a.name.value === "if");
    const value = condition ? literal(condition.value, context) : undefined;
    if (directive.name.value === "skip" && value === true) return false;
    if (directive.name.value === "include" && value === false) return false;
  }
  return true;
}
