// Test helpers that talk to a running sandbox over HTTP, as the app does.
import { startSandbox, type Sandbox, type SandboxOptions } from "../../../../sandbox/index";
import { smallStore } from "./small-store";

export const API_KEY = "sandbox-test-key";
export const API_SECRET = "sandbox-test-secret";

export function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({ store: smallStore(), apiKey: API_KEY, apiSecret: API_SECRET, ...options });
}

export interface GraphqlAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** POSTs a GraphQL document to the sandbox's Admin API with `token`. */
export async function adminQuery(
  sandbox: Sandbox,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlAnswer> {
  const response = await fetch(`${sandbox.origin}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}
