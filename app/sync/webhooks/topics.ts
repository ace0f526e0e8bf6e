/**
 * The webhook topics Keel subscribes to (shopify.app.toml) and the handler of each. A delivery of any other
 * topic is refused, never stored to be silently ignored.
 */
export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "orders/delete",
  "refunds/create",
  "products/create",
  "products/update",
  "products/delete",
  "inventory_levels/update",
  "inventory_items/update",
  "customers/create",
  "customers/update",
  "customers/delete",
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export const isWebhookTopic = (topic: string): topic is WebhookTopic =>
  (WEBHOOK_TOPICS as readonly string[]).includes(topic);
