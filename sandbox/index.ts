/**
 * The sandbox store: a local stand-in for one Shopify shop's Admin API, used by the demo, the integration
 * tests and the benchmarks (ARCHITECTURE.md, "The sandbox store"; sandbox/SERVER.md).
 * @example
 * const sandbox = await startSandbox({ store, apiKey, apiSecret });
 * const admin = new AdminClient({ shop: sandbox.shopDomain, accessToken, origin: sandbox.origin });
 * // With `webhookEndpoint`, store changes reach the app as signed webhooks (WEBHOOKS.md):
 * sandbox.refundOrder(order.id, { restock: true }); // refunds/create, orders/updated, inventory_levels/update
 */
import { startSandboxServer, type Sandbox, type SandboxOptions } from "./server/http";

export type { Sandbox, SandboxOptions, FailureKind } from "./server/http";
export type { SandboxCall, SandboxCallKind } from "./server/calls";
export type { BulkOperationView, BulkErrorCode, BulkStatus } from "./server/bulk";
export type { StoreChangeApi, ChangeOptions } from "./server/store-api";
export type {
  CancelOptions,
  CustomerEdit,
  NewProduct,
  PlaceOrderOptions,
  ProductEdit,
  RefundOptions,
} from "./server/store-changes";
export type { Delivery, DeliveryState, EmitOptions, WebhookEmitterOptions } from "./server/webhooks";
export { seededRandom, signWebhook } from "./server/webhooks";

/** Starts the sandbox Admin API server for a store; `close()` stops it and deletes its bulk result files. */
export function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  return startSandboxServer(options);
}
