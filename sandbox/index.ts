/**
 * The sandbox store: a local stand-in for one Shopify shop's Admin API, used by the demo, the integration
 * tests and the benchmarks (ARCHITECTURE.md, "The sandbox store"; sandbox/SERVER.md).
 * @example
 * const sandbox = await startSandbox({ store, apiKey, apiSecret });
 * const admin = new AdminClient({ shop: sandbox.shopDomain, accessToken, origin: sandbox.origin });
 */
import { startSandboxServer, type Sandbox, type SandboxOptions } from "./server/http";

export type { Sandbox, SandboxOptions, FailureKind } from "./server/http";
export type { SandboxCall, SandboxCallKind } from "./server/calls";
export type { BulkOperationView, BulkErrorCode, BulkStatus } from "./server/bulk";

/** Starts the sandbox Admin API server for a store; `close()` stops it and deletes its bulk result files. */
export function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  return startSandboxServer(options);
}
