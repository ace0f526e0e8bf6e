/** Small questions about Admin schema types that the resolver, the cost calculator and bulk all ask. */
import { getNamedType, isObjectType, type GraphQLNamedType, type GraphQLObjectType } from "graphql";

// graphql-js type predicates are slow outside production mode, and these run for every resolved field.
const connectionTypes = new WeakMap<GraphQLNamedType, boolean>();
const edgeTypes = new WeakMap<GraphQLNamedType, boolean>();

/** A Relay connection type of the Admin API (`ProductConnection`, `LineItemConnection`, ...). */
export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  let answer = connectionTypes.get(type);
  if (answer === undefined) {
    answer = isObjectType(type) && type.name.endsWith("Connection") && hasFields(type, "edges", "pageInfo");
    connectionTypes.set(type, answer);
  }
  return answer;
}

/** The node type of a connection type (the type of `edges.node`). */
export function connectionNodeType(connection: GraphQLObjectType): GraphQLNamedType {
  const edge = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node.type);
}

/** An `*Edge` type of a connection, whose `node` is the object counted, not the edge itself. */
export function isEdgeType(type: GraphQLNamedType): boolean {
  let answer = edgeTypes.get(type);
  if (answer === undefined) {
    answer = isObjectType(type) && type.name.endsWith("Edge") && hasFields(type, "node", "cursor");
    edgeTypes.set(type, answer);
  }
  return answer;
}

function hasFields(type: GraphQLObjectType, ...names: string[]): boolean {
  const fields = type.getFields();
  return names.every((name) => name in fields);
}
