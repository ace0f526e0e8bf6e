/** Applies one stored webhook event with the handler of its topic (app/sync/webhooks/topics.ts). */
import type { Db } from "../../db.server";
import type { WebhookTopic } from "../webhooks/topics";
import { appUninstalled } from "./app-uninstalled.server";
import { applyInventoryLevel, applyProduct, deleteProduct } from "./catalog.server";
import { applyCustomer, deleteCustomer } from "./customers.server";
import { applyOrder, deleteOrder } from "./orders.server";
import { applyInventoryItem, applyRefund, applyScopesUpdate } from "./refunds-and-items.server";
import { customersDataRequest, customersRedact, shopRedact } from "./privacy.server";

export async function handleWebhook(
  db: Db,
  event: { shopId: number; webhookId: string; topic: string },
  at: Date,
) {
  const topic = event.topic as WebhookTopic;
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      await applyOrder(db, event.shopId, event.webhookId);
      return;
    case "orders/delete":
      return deleteOrder(db, event.shopId, event.webhookId, at);
    case "refunds/create":
      return applyRefund(db, event.shopId, event.webhookId);
    case "inventory_items/update":
      return applyInventoryItem(db, event.shopId, event.webhookId);
    case "app/scopes_update":
      return applyScopesUpdate(db, event.shopId, event.webhookId);
    case "products/create":
    case "products/update":
      await applyProduct(db, event.shopId, event.webhookId);
      return;
    case "products/delete":
      return deleteProduct(db, event.shopId, event.webhookId, at);
    case "inventory_levels/update":
      return applyInventoryLevel(db, event.shopId, event.webhookId);
    case "customers/create":
    case "customers/update":
      await applyCustomer(db, event.shopId, event.webhookId);
      return;
    case "customers/delete":
      return deleteCustomer(db, event.shopId, event.webhookId, at);
    case "app/uninstalled":
      return appUninstalled(db, event.shopId, at);
    case "customers/redact":
      return customersRedact(db, event.shopId, event.webhookId, at);
    case "customers/data_request":
      return customersDataRequest(db, event.shopId, event.webhookId, at);
    case "shop/redact":
      return shopRedact(db, event.shopId);
    default:
      // The inbox only stores the topics of WEBHOOK_TOPICS; this keeps the switch complete when one is added.
      throw new Error(`no handler for the topic ${topic satisfies never}`);
  }
}
