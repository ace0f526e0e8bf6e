import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { shopifyEnv } from "../env.server";
import { enqueueWebhook } from "../jobs.server";
import { receiveWebhook } from "../sync/webhooks/inbox.server";

/** POST /webhooks: every subscription in shopify.app.toml delivers here (app/sync/webhooks/inbox.server.ts). */
export async function action({ request }: ActionFunctionArgs) {
  return receiveWebhook(request, { db, secret: shopifyEnv().SHOPIFY_API_SECRET, enqueue: enqueueWebhook });
}

export function loader() {
  return Response.json({ error: "webhooks are delivered with POST" }, { status: 405 });
}
