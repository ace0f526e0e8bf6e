/**
 * Turns store objects into the JSON lines of a bulk result, fast enough for a million lines: each selection
 * set is compiled once per concrete type into a list of field plans (response key, arguments, what kind of
 * value), then applied to every node. Nested connections are not written into their parent: they are handed
 * back as child lists, which bulk.ts writes as lines of their own with `__parentId`. Inside list fields,
 * connections are answered inline as `{ edges, nodes, pageInfo }` objects, as Shopify does.
 */
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from "graphql";
import { orderedItems, pageOf, type Connection, type ConnectionArgs } from "./connections";
import { nodeSelectionOf } from "./bulk-query";
import { fieldValue, typeNameOf, type ResolverContext } from "./resolvers";
import { connectionNodeType, isConnectionType } from "./schema-types";

type Json = Record<string, unknown>;

interface FieldPlan {
  key: string;
  /** `"key":`, the key as it is written. */
  keyJson: string;
  name: string;
  args: Record<string, unknown>;
  kind: "typename" | "leaf" | "object" | "connection";
  named: GraphQLNamedType;
  list: boolean;
  selectionSet?: SelectionSetNode;
  /** For connections: the node type and the selection on each node, compiled once. */
  nodeType?: GraphQLNamedType;
  nodeSelection?: SelectionSetNode;
}

/** A nested connection met while projecting a node: its items become lines with `__parentId`. */
export interface ChildList {
  items: Json[];
  nodeType: GraphQLNamedType;
  nodeSelection: SelectionSetNode;
}

export class BulkProjector {
  private readonly plans = new WeakMap<SelectionSetNode, Map<string, FieldPlan[]>>();
  private readonly abstractTypes = new Map<GraphQLNamedType, boolean>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly context: ResolverContext,
  ) {}

  /**
   * The JSON text of `value` under `selectionSet`, written directly (no intermediate object: this runs a
   * million times per backfill). Nested connections outside lists are pushed to `children` (the caller writes
   * them as child lines); inside lists they are answered inline. `parentId` adds Shopify's `__parentId` last.
   */
  serialize(
    value: Json,
    type: GraphQLNamedType,
    selectionSet: SelectionSetNode,
    children: ChildList[] | null,
    parentId?: string,
  ): string {
    const concrete = this.concreteType(value, type);
    let out = "{";
    for (const plan of this.planFor(concrete, selectionSet)) {
      let piece: string;
      if (plan.kind === "typename") {
        piece = JSON.stringify(concrete.name);
      } else {
        const raw = fieldValue(this.context, concrete.name, value, plan.name, plan.args);
        if (plan.kind === "connection") {
          const items = Array.isArray(raw)
            ? (orderedItems(raw, plan.args as ConnectionArgs).list as Json[])
            : [];
          if (children) {
            children.push({ items, nodeType: plan.nodeType!, nodeSelection: plan.nodeSelection! });
            continue;
          }
          const connection = inlineConnection(items, plan.args as ConnectionArgs) as unknown as Json;
          piece = this.serialize(connection, plan.named, plan.selectionSet!, null);
        } else {
          piece = this.serializeValue(raw, plan, plan.list ? null : children);
        }
      }
      out += (out.length === 1 ? "" : ",") + plan.keyJson + piece;
    }
    if (parentId !== undefined)
      out += (out.length === 1 ? "" : ",") + '"__parentId":' + JSON.stringify(parentId);
    return out + "}";
  }

  private serializeValue(raw: unknown, plan: FieldPlan, children: ChildList[] | null): string {
    if (raw === undefined || raw === null) return "null";
    // Numbers and booleans as String() writes them (what JSON.stringify writes for any finite one), far cheaper.
    if (plan.kind === "leaf") {
      return (typeof raw === "number" && Number.isFinite(raw)) || typeof raw === "boolean"
        ? String(raw)
        : JSON.stringify(raw);
    }
    if (Array.isArray(raw)) {
      let out = "[";
      for (let i = 0; i < raw.length; i++) {
        const item = raw[i] as Json | null;
        out +=
          (i === 0 ? "" : ",") +
          (item == null ? "null" : this.serialize(item, plan.named, plan.selectionSet!, null));
      }
      return out + "]";
    }
    return this.serialize(raw as Json, plan.named, plan.selectionSet!, children);
  }

  private concreteType(value: Json, type: GraphQLNamedType): GraphQLNamedType {
    // graphql-js type predicates are slow outside production mode; the answer per type never changes.
    let abstract = this.abstractTypes.get(type);
    if (abstract === undefined) this.abstractTypes.set(type, (abstract = isAbstractType(type)));
    if (!abstract) return type;
    const name = typeNameOf(value);
    return (typeof name === "string" && this.schema.getType(name)) || type;
  }

  private planFor(type: GraphQLNamedType, selectionSet: SelectionSetNode): FieldPlan[] {
    let byType = this.plans.get(selectionSet);
    if (!byType) this.plans.set(selectionSet, (byType = new Map()));
    let plan = byType.get(type.name);
    if (!plan) {
      plan = this.compile(type as GraphQLObjectType, selectionSet);
      byType.set(type.name, plan);
    }
    return plan;
  }

  private compile(type: GraphQLObjectType, selectionSet: SelectionSetNode): FieldPlan[] {
    const byKey = new Map<string, FieldNode[]>();
    this.collect(type, selectionSet, byKey);
    const plans: FieldPlan[] = [];
    for (const [key, nodes] of byKey) {
      const node = nodes[0];
      if (node.name.value === "__typename") {
        plans.push({
          key,
          keyJson: `${JSON.stringify(key)}:`,
          name: "__typename",
          args: {},
          kind: "typename",
          named: type,
          list: false,
        });
        continue;
      }
      const field = type.getFields()[node.name.value] as GraphQLField<unknown, unknown>;
      const named = getNamedType(field.type);
      // The same key selected twice (`id` in two fragments) merges its sub-selections, as GraphQL does.
      const selectionSet: SelectionSetNode | undefined = node.selectionSet && {
        kind: Kind.SELECTION_SET,
        selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []),
      };
      const connection = isConnectionType(named);
      plans.push({
        key,
        keyJson: `${JSON.stringify(key)}:`,
        name: node.name.value,
        args: getArgumentValues(field, node, {}),
        kind: isLeafType(named) ? "leaf" : connection ? "connection" : "object",
        named,
        list: isList(field.type),
        selectionSet,
        nodeType: connection ? connectionNodeType(named) : undefined,
        nodeSelection: connection && selectionSet ? nodeSelectionOf(selectionSet, this.fragments) : undefined,
      });
    }
    return plans;
  }

  private collect(type: GraphQLObjectType, selectionSet: SelectionSetNode, byKey: Map<string, FieldNode[]>) {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        byKey.set(key, [...(byKey.get(key) ?? []), selection]);
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : this.fragments[selection.name.value];
      if (!fragment || !this.applies(fragment.typeCondition?.name.value, type)) continue;
      this.collect(type, fragment.selectionSet, byKey);
    }
  }

  private applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (!condition || condition === type.name) return true;
    const abstract = this.schema.getType(condition);
    return Boolean(abstract && isAbstractType(abstract) && this.schema.isSubType(abstract, type));
  }
}

/** A connection answered inline: the page `first`/`last` asks for, or every item when neither is given. */
function inlineConnection(items: Json[], args: ConnectionArgs): Connection<Json> {
  return pageOf(items, args.first != null || args.last != null ? args : { first: items.length });
}

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function included(selection: SelectionSetNode["selections"][number]): boolean {
  for (const directive of selection.directives ?? []) {
    const condition = directive.arguments?.find((a) => a.name.value === "if")?.value;
    const value = condition?.kind === Kind.BOOLEAN ? condition.value : undefined;
    if (directive.name.value === "skip" && value === true) return false;
    if (directive.name.value === "include" && value === false) return false;
  }
  return true;
}
