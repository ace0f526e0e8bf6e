/**
 * The sandbox's record of every request it answered, so tests can assert on what the app sent ("the backfill
 * ran exactly one bulk query for orders", "the client waited after THROTTLED") without intercepting the app.
 */

export type SandboxCallKind = "token-exchange" | "graphql" | "bulk-download" | "unknown";

export interface SandboxCall {
  kind: SandboxCallKind;
  /** The GraphQL operation's name (for token exchange, the OAuth grant type); null when there is none. */
  operationName: string | null;
  variables: Record<string, unknown> | null;
  /** The HTTP status answered. */
  status: number;
  /** When the request arrived (ISO 8601). */
  time: string;
  /** `extensions.code` of each GraphQL error (THROTTLED, undefinedField, ...) or the OAuth `error`. */
  errorCodes: string[];
  /** The request's path, e.g. `/admin/api/2026-07/graphql.json`. */
  path: string;
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
}

/** Appends a call to `calls` (kept as a plain array so tests can filter and match it freely). */
export function recordCall(calls: SandboxCall[], call: Omit<SandboxCall, "time"> & { startedAt: Date }) {
  const { startedAt, ...rest } = call;
  calls.push({ ...rest, time: startedAt.toISOString() });
}
