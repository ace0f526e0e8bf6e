/**
 * Checks a `bulkOperationRunQuery` query as Shopify does before accepting it (shopify.dev, "Perform bulk
 * operations", operation restrictions): it must validate against the schema, be a query without variables,
 * hold at least one and at most five connections, nest connections at most two levels deep, and not start at
 * `node`/`nodes`. The sandbox also asks for a single top-level connection field, which is what Keel sends.
 * Connections inside list fields (an order's `refunds` list holding `refundLineItems`) are answered inline.
 */
import {
  getNamedType,
  isListType,
  isNonNullType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from "graphql";
import { parseAndValidate } from "./graphql";
import { connectionNodeType, isConnectionType } from "./schema-types";

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_CONNECTION_DEPTH = 2;

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "OPERATION_IN_PROGRESS";
}

export interface BulkPlan {
  /** The top-level connection field (`orders`) and its argument nodes. */
  rootField: FieldNode;
  rootNodeType: GraphQLNamedType;
  /** The selection on each node: the `edges { node { … } }` and `nodes { … }` selections together. */
  nodeSelection: SelectionSetNode;
  fragments: Record<string, FragmentDefinitionNode>;
}

/** Parses and checks a bulk query; its plan, or the userErrors Shopify would answer. */
export function planBulkQuery(
  schema: GraphQLSchema,
  query: string,
): { ok: true; plan: BulkPlan } | { ok: false; userErrors: BulkUserError[] } {
  const refuse = (message: string) => ({
    ok: false as const,
    userErrors: [{ field: ["query"], message, code: "INVALID" as const }],
  });
  const validated = parseAndValidate(schema, query);
  if (!validated.ok) {
    return {
      ok: false,
      userErrors: validated.errors.map((e) => ({
        field: ["query"],
        message: `Invalid bulk query: ${e.message}`,
        code: "INVALID",
      })),
    };
  }
  const operations = validated.document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of validated.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  if (operations.length !== 1) return refuse("Bulk queries must contain exactly one operation.");
  const [operation] = operations;
  if (operation.operation !== "query") return refuse("Bulk operations only accept queries here.");
  if (operation.variableDefinitions?.length) return refuse("Bulk queries cannot use variables.");

  const rootFields = fieldsOf(operation.selectionSet, fragments).filter((f) => f.name.value !== "__typename");
  const queryType = schema.getQueryType() as GraphQLObjectType;
  if (rootFields.some((f) => f.name.value === "node" || f.name.value === "nodes")) {
    return refuse("The top-level node and nodes fields can't be used in bulk queries.");
  }
  const counter: WalkState = { schema, fragments, connections: 0, tooDeep: false };
  walk(queryType, operation.selectionSet, 0, false, counter);
  if (counter.connections === 0) return refuse("Bulk queries must contain at least one connection.");
  if (counter.connections > MAX_BULK_CONNECTIONS) {
    return refuse(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
  }
  if (counter.tooDeep) {
    return refuse(`Bulk queries cannot nest connections more than ${MAX_BULK_CONNECTION_DEPTH} levels deep.`);
  }
  const rootField = rootFields[0];
  const rootType = getNamedType(queryType.getFields()[rootField.name.value].type);
  if (rootFields.length !== 1 || !isConnectionType(rootType)) {
    return refuse("The sandbox runs bulk queries with exactly one top-level connection field.");
  }
  return {
    ok: true,
    plan: {
      rootField,
      rootNodeType: connectionNodeType(rootType),
      nodeSelection: nodeSelectionOf(rootField.selectionSet as SelectionSetNode, fragments),
      fragments,
    },
  };
}

/** The fields of a selection set with fragments flattened (type conditions are already valid). */
export function fieldsOf(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      fields.push(...fieldsOf(selection.selectionSet, fragments));
    else {
      const fragment = fragments[selection.name.value];
      if (fragment) fields.push(...fieldsOf(fragment.selectionSet, fragments));
    }
  }
  return fields;
}

/** One selection set holding everything asked of a connection's nodes, through `edges.node` and `nodes`. */
export function nodeSelectionOf(
  connectionSelection: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
): SelectionSetNode {
  const selections: SelectionSetNode["selections"][number][] = [];
  for (const field of fieldsOf(connectionSelection, fragments)) {
    if (field.name.value === "nodes" && field.selectionSet) selections.push(...field.selectionSet.selections);
    if (field.name.value === "edges" && field.selectionSet) {
      for (const inner of fieldsOf(field.selectionSet, fragments)) {
        if (inner.name.value === "node" && inner.selectionSet)
          selections.push(...inner.selectionSet.selections);
      }
    }
  }
  return { kind: Kind.SELECTION_SET, selections };
}

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

interface WalkState {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  connections: number;
  tooDeep: boolean;
}

/** Counts connections and their nesting depth; connections inside lists are inline, so they add no depth. */
function walk(
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  depth: number,
  insideList: boolean,
  state: WalkState,
) {
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : state.fragments[selection.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? state.schema.getType(fragment.typeCondition.name.value)
        : undefined;
      walk(condition ?? type, fragment.selectionSet, depth, insideList, state);
      continue;
    }
    if (!selection.selectionSet || !("getFields" in type)) continue;
    const field = (type as GraphQLObjectType).getFields()[selection.name.value];
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isConnectionType(named)) {
      state.connections += 1;
      const nested = insideList ? depth : depth + 1;
      if (nested > MAX_BULK_CONNECTION_DEPTH) state.tooDeep = true;
      walk(
        connectionNodeType(named),
        nodeSelectionOf(selection.selectionSet, state.fragments),
        nested,
        insideList,
        state,
      );
    } else {
      walk(named, selection.selectionSet, depth, insideList || isList(field.type), state);
    }
  }
}
